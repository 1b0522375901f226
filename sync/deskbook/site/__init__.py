"""The site: pages staged as plain files, the engines that build them, theme and assets."""
