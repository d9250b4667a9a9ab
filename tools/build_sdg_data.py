"""Build portal/data/sdg.json: the 17 Sustainable Development Goals and their 169 targets.

Run once by a developer, not at run time:
    git clone https://github.com/open-sdg/sdg-translations
    git -C sdg-translations checkout 0cda5858
    .venv/bin/python tools/build_sdg_data.py sdg-translations

open-sdg/sdg-translations (MIT licence) holds the UN's English goal and target texts (the
targets of resolution A/RES/70/1 as listed in the global indicator framework) and translations
into Khmer, Lao and Burmese; those, and the goals' short names written here for Indonesian,
Malay, Filipino, Vietnamese and Thai, are drafts for native review, as the catalogues are.
Targets have no translation in the other languages: they fall back to English with their code.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parent.parent / "portal" / "data" / "sdg.json"
FROM_OPEN_SDG = ("km", "lo", "my")
# The goals' short names, drafts written by the developers for native review.
SHORT_NAMES = {
    "id": [
        "Tanpa Kemiskinan",
        "Tanpa Kelaparan",
        "Kehidupan Sehat dan Sejahtera",
        "Pendidikan Berkualitas",
        "Kesetaraan Gender",
        "Air Bersih dan Sanitasi Layak",
        "Energi Bersih dan Terjangkau",
        "Pekerjaan Layak dan Pertumbuhan Ekonomi",
        "Industri, Inovasi dan Infrastruktur",
        "Berkurangnya Kesenjangan",
        "Kota dan Permukiman yang Berkelanjutan",
        "Konsumsi dan Produksi yang Bertanggung Jawab",
        "Penanganan Perubahan Iklim",
        "Ekosistem Lautan",
        "Ekosistem Daratan",
        "Perdamaian, Keadilan dan Kelembagaan yang Tangguh",
        "Kemitraan untuk Mencapai Tujuan",
    ],
    "ms": [
        "Tiada Kemiskinan",
        "Kelaparan Sifar",
        "Kesihatan Baik dan Kesejahteraan",
        "Pendidikan Berkualiti",
        "Kesaksamaan Gender",
        "Air Bersih dan Sanitasi",
        "Tenaga Mampu Milik dan Bersih",
        "Pekerjaan Wajar dan Pertumbuhan Ekonomi",
        "Industri, Inovasi dan Infrastruktur",
        "Mengurangkan Ketidaksamaan",
        "Bandar dan Komuniti Mampan",
        "Penggunaan dan Pengeluaran Bertanggungjawab",
        "Tindakan Iklim",
        "Kehidupan di Bawah Air",
        "Kehidupan di Darat",
        "Keamanan, Keadilan dan Institusi yang Kukuh",
        "Perkongsian untuk Matlamat",
    ],
    "fil": [
        "Walang Kahirapan",
        "Walang Gutom",
        "Mabuting Kalusugan at Kagalingan",
        "Dekalidad na Edukasyon",
        "Pagkakapantay-pantay ng Kasarian",
        "Malinis na Tubig at Sanitasyon",
        "Abot-kaya at Malinis na Enerhiya",
        "Disenteng Trabaho at Paglago ng Ekonomiya",
        "Industriya, Inobasyon at Imprastraktura",
        "Nabawasang Hindi Pagkakapantay-pantay",
        "Mga Napapanatiling Lungsod at Komunidad",
        "Responsableng Pagkonsumo at Produksyon",
        "Aksyon sa Klima",
        "Buhay sa Ilalim ng Tubig",
        "Buhay sa Lupa",
        "Kapayapaan, Katarungan at Matatag na mga Institusyon",
        "Pakikipagtulungan para sa mga Layunin",
    ],
    "vi": [
        "Xóa nghèo",
        "Không còn nạn đói",
        "Sức khỏe và có cuộc sống tốt",
        "Giáo dục có chất lượng",
        "Bình đẳng giới",
        "Nước sạch và vệ sinh",
        "Năng lượng sạch với giá thành hợp lý",
        "Việc làm tốt và tăng trưởng kinh tế",
        "Công nghiệp, đổi mới và phát triển hạ tầng",
        "Giảm bất bình đẳng",
        "Các thành phố và cộng đồng bền vững",
        "Tiêu dùng và sản xuất có trách nhiệm",
        "Hành động về khí hậu",
        "Tài nguyên và môi trường biển",
        "Tài nguyên và môi trường trên đất liền",
        "Hòa bình, công lý và các thể chế mạnh mẽ",
        "Quan hệ đối tác vì các mục tiêu",
    ],
    "th": [
        "ขจัดความยากจน",
        "ขจัดความหิวโหย",
        "การมีสุขภาพและความเป็นอยู่ที่ดี",
        "การศึกษาที่มีคุณภาพ",
        "ความเท่าเทียมทางเพศ",
        "การจัดการน้ำและสุขาภิบาล",
        "พลังงานสะอาดที่ทุกคนเข้าถึงได้",
        "การจ้างงานที่มีคุณค่าและการเติบโตทางเศรษฐกิจ",
        "อุตสาหกรรม นวัตกรรม และโครงสร้างพื้นฐาน",
        "ลดความเหลื่อมล้ำ",
        "เมืองและถิ่นฐานมนุษย์อย่างยั่งยืน",
        "แผนการบริโภคและการผลิตที่ยั่งยืน",
        "การรับมือการเปลี่ยนแปลงสภาพภูมิอากาศ",
        "การใช้ประโยชน์จากมหาสมุทรและทรัพยากรทางทะเล",
        "การใช้ประโยชน์จากระบบนิเวศทางบก",
        "สังคมสงบสุข ยุติธรรม ไม่แบ่งแยก",
        "ความร่วมมือเพื่อการพัฒนาที่ยั่งยืน",
    ],
}
TARGET_KEY = re.compile(r"^(\d+)-([0-9a-z]+)-title$")


def git(repo, *args):
    """A developer's git on the developer's clone (S603/S607: no input from elsewhere)."""
    command = ["git", "-C", repo, *args]
    done = subprocess.run(command, check=True, capture_output=True, text=True)  # noqa: S603, S607
    return done.stdout


def read(repo, language, name):
    text = git(repo, "show", f"HEAD:translations/{language}/{name}.yml")
    return {
        key: " ".join(str(value).split()) for key, value in yaml.safe_load(text).items() if value
    }


def target_order(code):
    goal, target = code.split(".")
    return (
        int(goal),
        0 if target.isdecimal() else 1,
        int(target) if target.isdecimal() else target,
    )


def main(repo):
    commit = git(repo, "rev-parse", "HEAD").strip()
    goals_by_language = {lang: read(repo, lang, "global_goals") for lang in ("en", *FROM_OPEN_SDG)}
    targets_by_language = {
        lang: read(repo, lang, "global_targets") for lang in ("en", *FROM_OPEN_SDG)
    }
    goals = []
    for number in range(1, 18):
        short = {lang: names.get(f"{number}-short") for lang, names in goals_by_language.items()}
        short.update({lang: names[number - 1] for lang, names in SHORT_NAMES.items()})
        title = {lang: names.get(f"{number}-title") for lang, names in goals_by_language.items()}
        goals.append(
            {
                "number": number,
                "short": {lang: text for lang, text in short.items() if text},
                "title": {lang: text for lang, text in title.items() if text},
            }
        )
    codes = {}
    for key in targets_by_language["en"]:
        match = TARGET_KEY.match(key)
        if match:
            codes[f"{match[1]}.{match[2]}"] = key
    targets = [
        {
            "code": code,
            "goal": int(code.split(".")[0]),
            "title": {
                lang: texts[codes[code]]
                for lang, texts in targets_by_language.items()
                if texts.get(codes[code])
            },
        }
        for code in sorted(codes, key=target_order)
    ]
    if len(goals) != 17 or len(targets) != 169:
        raise SystemExit(f"expected 17 goals and 169 targets, read {len(goals)}, {len(targets)}")
    data = {
        "note": (
            "The 17 Sustainable Development Goals and their 169 targets, official numbering. "
            "English is the UN's text; every other language is a draft for native review "
            "(like the catalogues: X-Review-Status: draft). A target with no title in a "
            "language is shown in English with its code. Built by tools/build_sdg_data.py."
        ),
        "source": {
            "targets": "https://unstats.un.org/sdgs/indicators/indicators-list/",
            "goals": "https://sdgs.un.org/goals",
            "resolution": "UN General Assembly resolution A/RES/70/1 (2015)",
            "repository": "https://github.com/open-sdg/sdg-translations",
            "commit": commit,
            "licence": "MIT (Copyright (c) 2019 Open SDG)",
        },
        "drafts": {
            **dict.fromkeys(FROM_OPEN_SDG, "open-sdg/sdg-translations: goals and targets"),
            **dict.fromkeys(SHORT_NAMES, "the goals' short names, written by the developers"),
        },
        "goals": goals,
        "targets": targets,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(goals)} goals, {len(targets)} targets")


if __name__ == "__main__":
    main(sys.argv[1])
