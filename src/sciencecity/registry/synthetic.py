"""A seeded synthetic registry at national scale, written as the CSV files `sciencecity import` reads.

    python -m sciencecity.registry.synthetic OUT_DIR [--instruments 150000] [--facilities 2000]
                                                     [--organisations 500] [--seed 1]

Shaped like the national sharing network: a few large facilities with many end-stations (the first,
`fac-ssrf`, has 1,000), and many service platforms with a few dozen instruments each, of some forty kinds
(NMR spectrometers, electron microscopes, mass spectrometers, …), in English and Chinese, in thirty cities.
The same seed writes the same files. Framework-free: it only writes text.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

CITIES = [
    ("Shanghai", "上海"),
    ("Beijing", "北京"),
    ("Shenzhen", "深圳"),
    ("Guangzhou", "广州"),
    ("Hefei", "合肥"),
    ("Wuhan", "武汉"),
    ("Nanjing", "南京"),
    ("Hangzhou", "杭州"),
    ("Xi'an", "西安"),
    ("Chengdu", "成都"),
    ("Tianjin", "天津"),
    ("Changsha", "长沙"),
    ("Harbin", "哈尔滨"),
    ("Dalian", "大连"),
    ("Qingdao", "青岛"),
    ("Jinan", "济南"),
    ("Lanzhou", "兰州"),
    ("Kunming", "昆明"),
    ("Xiamen", "厦门"),
    ("Fuzhou", "福州"),
    ("Chongqing", "重庆"),
    ("Shenyang", "沈阳"),
    ("Changchun", "长春"),
    ("Zhengzhou", "郑州"),
    ("Taiyuan", "太原"),
    ("Nanchang", "南昌"),
    ("Guiyang", "贵阳"),
    ("Nanning", "南宁"),
    ("Suzhou", "苏州"),
    ("Ningbo", "宁波"),
]
# (English name, Chinese name, technique, technique in Chinese, access mode)
KINDS = [
    ("NMR spectrometer", "核磁共振波谱仪", "NMR", "核磁共振", "booking"),
    ("solid-state NMR spectrometer", "固体核磁共振波谱仪", "solid-state NMR", "固体核磁共振", "booking"),
    ("scanning electron microscope", "扫描电子显微镜", "SEM", "扫描电镜", "booking"),
    ("transmission electron microscope", "透射电子显微镜", "TEM", "透射电镜", "booking"),
    ("cryo-electron microscope", "冷冻电子显微镜", "cryo-EM", "冷冻电镜", "proposal"),
    ("X-ray diffractometer", "X射线衍射仪", "XRD", "X射线衍射", "booking"),
    ("single-crystal diffractometer", "单晶衍射仪", "single-crystal XRD", "单晶衍射", "booking"),
    ("X-ray photoelectron spectrometer", "X射线光电子能谱仪", "XPS", "光电子能谱", "booking"),
    ("atomic force microscope", "原子力显微镜", "AFM", "原子力显微", "booking"),
    (
        "confocal laser scanning microscope",
        "激光共聚焦显微镜",
        "confocal microscopy",
        "共聚焦显微",
        "booking",
    ),
    ("flow cytometer", "流式细胞仪", "flow cytometry", "流式细胞术", "booking"),
    ("DNA sequencer", "基因测序仪", "sequencing", "基因测序", "booking"),
    ("high-resolution mass spectrometer", "高分辨质谱仪", "mass spectrometry", "质谱", "booking"),
    ("ICP mass spectrometer", "电感耦合等离子体质谱仪", "ICP-MS", "等离子体质谱", "booking"),
    ("gas chromatograph-mass spectrometer", "气相色谱质谱联用仪", "GC-MS", "气质联用", "booking"),
    ("liquid chromatograph", "高效液相色谱仪", "HPLC", "液相色谱", "booking"),
    ("Raman spectrometer", "拉曼光谱仪", "Raman spectroscopy", "拉曼光谱", "booking"),
    ("FTIR spectrometer", "傅里叶变换红外光谱仪", "FTIR", "红外光谱", "booking"),
    ("UV-visible spectrophotometer", "紫外可见分光光度计", "UV-Vis", "紫外可见光谱", "booking"),
    ("fluorescence spectrometer", "荧光光谱仪", "fluorescence spectroscopy", "荧光光谱", "booking"),
    ("electron paramagnetic resonance spectrometer", "电子顺磁共振波谱仪", "EPR", "顺磁共振", "booking"),
    ("thermal analyser", "热分析仪", "thermal analysis", "热分析", "booking"),
    ("industrial CT scanner", "工业CT", "computed tomography", "计算机断层扫描", "booking"),
    ("MRI scanner", "磁共振成像系统", "MRI", "磁共振成像", "proposal"),
    ("PET-CT scanner", "PET-CT", "PET-CT", "正电子发射断层显像", "proposal"),
    ("physical property measurement system", "综合物性测量系统", "PPMS", "物性测量", "booking"),
    ("electron probe microanalyser", "电子探针显微分析仪", "EPMA", "电子探针", "booking"),
    ("focused ion beam system", "聚焦离子束系统", "FIB", "聚焦离子束", "booking"),
    ("electron-beam lithography system", "电子束曝光系统", "e-beam lithography", "电子束曝光", "booking"),
    ("molecular beam epitaxy system", "分子束外延系统", "MBE", "分子束外延", "proposal"),
    ("supercomputer partition", "超级计算机分区", "high-performance computing", "高性能计算", "booking"),
    ("wind tunnel", "风洞", "aerodynamic testing", "空气动力学试验", "proposal"),
    ("vibration test system", "振动试验系统", "vibration testing", "振动试验", "booking"),
    ("isothermal titration calorimeter", "等温滴定量热仪", "ITC", "等温滴定量热", "booking"),
    ("surface plasmon resonance system", "表面等离子共振仪", "SPR", "表面等离子共振", "booking"),
    ("live-cell imaging system", "活细胞成像系统", "live-cell imaging", "活细胞成像", "booking"),
    ("mass cytometer", "质谱流式细胞仪", "mass cytometry", "质谱流式", "booking"),
    ("laser particle size analyser", "激光粒度分析仪", "particle sizing", "粒度分析", "booking"),
    ("gas adsorption analyser", "比表面及孔径分析仪", "gas adsorption", "气体吸附", "booking"),
    ("seismograph array", "地震仪阵列", "seismology", "地震观测", "proposal"),
]
BEAMLINE_TECHNIQUES = [
    ("XAFS", "X射线吸收精细结构"),
    ("SAXS", "小角X射线散射"),
    ("macromolecular crystallography", "生物大分子晶体学"),
    ("X-ray imaging", "X射线成像"),
    ("ARPES", "角分辨光电子能谱"),
    ("X-ray diffraction", "X射线衍射"),
    ("soft X-ray spectroscopy", "软X射线谱学"),
    ("infrared microscopy", "红外显微"),
]
LARGE = [
    ("Synchrotron Radiation Facility", "同步辐射光源", "synchrotron radiation", "同步辐射"),
    ("Free-Electron Laser Facility", "自由电子激光装置", "free-electron laser", "自由电子激光"),
    ("Spallation Neutron Source", "散裂中子源", "neutron scattering", "中子散射"),
    ("High Magnetic Field Laboratory", "强磁场实验装置", "high magnetic field", "强磁场"),
    ("Protein Science Facility", "蛋白质科学研究设施", "protein science", "蛋白质科学"),
    ("Ultra-intense Laser Facility", "超强超短激光装置", "ultrafast laser", "超强激光"),
]
ORG_KINDS = [
    "rd_institution",
    "university",
    "enterprise_tech_center",
    "service_platform",
    "company",
    "hospital",
]
ORG_WORDS = [
    ("Institute of Advanced Materials", "先进材料研究院"),
    ("Institute of Life Sciences", "生命科学研究院"),
    ("University of Science and Technology", "科技大学"),
    ("Normal University", "师范大学"),
    ("Institute of Physics", "物理研究所"),
    ("Institute of Chemistry", "化学研究所"),
    ("Medical University", "医科大学"),
    ("Institute of Optics", "光学研究所"),
    ("Instrument Sharing Centre", "仪器共享中心"),
    ("Testing Technology Company", "检测技术有限公司"),
    ("People's Hospital", "人民医院"),
    ("Institute of Microelectronics", "微电子研究所"),
]
INSTRUMENT_COLUMNS = [
    "slug",
    "facility",
    "code",
    "name_en",
    "name_zh",
    "techniques",
    "techniques_zh",
    "owner",
    "access_mode",
    "status",
    "source",
    "verification",
    "unverified",
    "specs",
    "description_en",
    "description_zh",
]
FACILITY_COLUMNS = [
    "slug",
    "code",
    "name_en",
    "name_zh",
    "kind",
    "status",
    "operator",
    "city",
    "city_zh",
    "location",
    "source",
    "verification",
    "unverified",
    "specs",
    "description_en",
    "description_zh",
]
ORGANISATION_COLUMNS = [
    "slug",
    "name_en",
    "name_zh",
    "kind",
    "region",
    "region_zh",
    "location",
    "source",
    "verification",
    "unverified",
    "description_en",
    "description_zh",
]
SOURCE = "https://registry.example/synthetic/"


def generate(
    out: Path, *, instruments: int, facilities: int, organisations: int, seed: int
) -> dict[str, Path]:
    """Write organisations.csv, facilities.csv and instruments.csv into `out`; return their paths."""
    rng = random.Random(seed)  # noqa: S311 (reproducible data, not secrets)
    out.mkdir(parents=True, exist_ok=True)
    paths = {name: out / f"{name}.csv" for name in ("organisations", "facilities", "instruments")}

    orgs: list[tuple[str, str, str]] = []  # (slug, city, city_zh)
    with paths["organisations"].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(ORGANISATION_COLUMNS)
        for n in range(organisations):
            city, city_zh = CITIES[n % len(CITIES)]
            words, words_zh = ORG_WORDS[rng.randrange(len(ORG_WORDS))]
            slug = f"org-syn-{n:04d}"
            orgs.append((slug, city, city_zh))
            w.writerow(
                [
                    slug,
                    f"{city} {words} No. {n}",
                    f"{city_zh}{words_zh}{n}号",
                    ORG_KINDS[n % len(ORG_KINDS)],
                    city,
                    city_zh,
                    city,
                    SOURCE + slug,
                    "verified",
                    "[]",
                    f"A research organisation in {city} that shares its instruments.",
                    f"位于{city_zh}的科研单位，开放共享其科研仪器。",
                ]
            )

    large = max(1, facilities // 50)  # 2 %, like the national network's share of large facilities
    # Instruments per facility: the first large facility has 1,000; large ones 200; platforms share the rest.
    sizes = [min(1000, instruments)] + [200] * (large - 1)
    rest = max(instruments - sum(sizes), 0)
    platforms = facilities - large
    weights = [rng.random() ** 2 + 0.05 for _ in range(platforms)]
    total_weight = sum(weights)
    platform_sizes = [int(rest * w / total_weight) for w in weights]
    for i in range(rest - sum(platform_sizes)):
        platform_sizes[i % platforms] += 1
    sizes += platform_sizes

    facility_rows = []
    with paths["facilities"].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(FACILITY_COLUMNS)
        for n in range(facilities):
            operator, city, city_zh = orgs[rng.randrange(len(orgs))]
            if n < large:
                name, name_zh, theme, theme_zh = LARGE[n % len(LARGE)]
                slug, code = ("fac-ssrf", "SSRF") if n == 0 else (f"fac-syn-{n:04d}", f"LF{n:04d}")
                if n == 0:
                    city, city_zh = "Shanghai", "上海"
                kind = "large_facility"
                name_en, name_zh_full = f"{city} {name}", f"{city_zh}{name_zh}"
                description = f"A large scientific facility for {theme} research, open to users by proposal."
                description_zh = f"面向用户开放的{theme_zh}大科学装置。"
            else:
                slug, code = f"fac-syn-{n:04d}", f"SP{n:04d}"
                kind = "service_platform"
                name_en, name_zh_full = f"{city} Instrument Sharing Platform {n}", f"{city_zh}仪器共享平台{n}"
                theme, theme_zh = "", ""
                description = f"A public technology service platform in {city}."
                description_zh = f"位于{city_zh}的公共技术服务平台。"
            facility_rows.append((slug, operator, kind, theme, theme_zh, n))
            w.writerow(
                [
                    slug,
                    code,
                    name_en,
                    name_zh_full,
                    kind,
                    "operating",
                    operator,
                    city,
                    city_zh,
                    f"{city}, China",
                    SOURCE + slug,
                    "verified",
                    "[]",
                    "{}",
                    description,
                    description_zh,
                ]
            )

    with paths["instruments"].open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(INSTRUMENT_COLUMNS)
        for (facility, operator, kind, theme, theme_zh, _n), size in zip(facility_rows, sizes, strict=True):
            for i in range(size):
                slug = f"st-{facility[4:]}-{i:04d}"
                if kind == "large_facility":
                    technique, technique_zh = BEAMLINE_TECHNIQUES[rng.randrange(len(BEAMLINE_TECHNIQUES))]
                    code = f"BL{i // 4:03d}-{i % 4 + 1}"
                    name_en = f"Beamline {code} end-station for {technique}"
                    name_zh = f"{code}线站{technique_zh}实验站"
                    mode = "proposal"
                    description = f"An end-station of the {theme} facility for {technique} experiments."
                    description_zh = f"{theme_zh}装置的{technique_zh}实验站。"
                else:
                    name_en, name_zh, technique, technique_zh, mode = KINDS[rng.randrange(len(KINDS))]
                    code = f"I{i:04d}"
                    description = f"A {name_en} shared with users of the platform, booked in slots."
                    description_zh = f"平台开放共享的{name_zh}，按时段预约使用。"
                specs = json.dumps({"price_cny": rng.randrange(500_000, 50_000_000, 10_000)})
                w.writerow(
                    [
                        slug,
                        facility,
                        code,
                        name_en,
                        name_zh,
                        technique,
                        technique_zh,
                        operator,
                        mode,
                        "operating",
                        SOURCE + slug,
                        "verified",
                        "[]",
                        specs,
                        description,
                        description_zh,
                    ]
                )
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--instruments", type=int, default=150_000)
    parser.add_argument("--facilities", type=int, default=2_000)
    parser.add_argument("--organisations", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    for name, path in generate(
        args.out,
        instruments=args.instruments,
        facilities=args.facilities,
        organisations=args.organisations,
        seed=args.seed,
    ).items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
