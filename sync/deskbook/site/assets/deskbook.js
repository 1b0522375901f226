/* Phones: label every cell of a wide table with its column header, so CSS can show the row as
   a card; and the training matrix's role filter. No network, no library. */
(function () {
  "use strict";
  var WIDE = 4; // columns from which a table turns into cards on a phone

  function cards(root) {
    root.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
      if (table.closest(".deskbook-matrix")) return;
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (heads.length < WIDE) return;
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (td, i) {
          td.setAttribute("data-label", heads[i] || "");
        });
      });
      var wrap = table.closest(".md-typeset__scrollwrap") || table.parentElement;
      wrap.classList.add("deskbook-cards");
    });
  }

  function roleFilter(root) {
    root.querySelectorAll("select.deskbook-role-filter").forEach(function (select) {
      select.addEventListener("change", function () {
        var matrix = select.closest(".deskbook-matrix") || document;
        matrix.querySelectorAll("tbody tr").forEach(function (tr) {
          var role = tr.children[1] ? tr.children[1].textContent.trim() : ""; // the role column
          tr.hidden = Boolean(select.value) && role !== select.value;
        });
      });
    });
  }

  function setup() {
    cards(document);
    roleFilter(document);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
