"""A jieba user dictionary of the office's own words, so Traditional text segments well."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from deskbook.i18n import LANGUAGES, labels

# jieba's dictionary is mostly Simplified; these SOP and desk terms are what staff search for.
OFFICE_TERMS = (
    "望聞問切 客服部 客服中心 物業服務中心 管理處 管理處經理 人事部 品質部 行政部 環境部 工程部 秩序部 "
    "管家 前台 前臺 業主 住戶 物業使用人 物業費 停車費 管理費 催費 催收 繳費 欠費 收據 "
    "報事 報修 投訴 咨詢 諮詢 回訪 滿意度 滿意度調查 工單 維修 保潔 保綠 保安 綠化 "
    "交房 進戶 入住 驗房 驗房單 業主手冊 鑰匙 裝修 裝修許可 空置房 前期介入 接管驗收 "
    "通知 通告 溫馨提示 緊急通知 張貼 "
    "培訓 入職培訓 上崗 上崗培訓 補考 警告 辭退 考核 理論考試 上機操作 培訓紀律 開卷 閉卷 "
    "員工記錄表 培訓記錄 人事檔案 培訓計劃 年度培訓計劃 工作技能 物業管理知識 法律知識 "
    "服務培訓 電腦技能 安全培訓 消防 思想教育 部門例會 員工大會 文化知識 外送培訓 合格證 "
    "文明用語 儀容儀表 禮貌禮節 服務意識 標準作業規程 作業規程"
).split()


def _terms() -> Iterable[str]:
    yield from OFFICE_TERMS
    data = labels()
    for entry in data["tabs"].values():
        yield from (entry[lang] for lang in LANGUAGES if lang != "en")
    for columns in data["columns"].values():
        for entry in columns.values():
            yield from (entry[lang] for lang in LANGUAGES if lang != "en")
    for choices in data["enums"].values():
        for entry in choices.values():
            yield from (entry[lang] for lang in LANGUAGES if lang != "en")


def write_user_dict(path: Path, extra: Iterable[str] = ()) -> Path:
    """One term a line with a high frequency, as jieba.load_userdict expects."""
    words: dict[str, None] = {}
    for term in [*_terms(), *extra]:
        for word in re.findall(r"[\u3400-\u9fff]{2,}", term):
            words[word] = None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{w} 20000\n" for w in words), "utf-8")
    return path
