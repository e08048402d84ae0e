#!/usr/bin/env python3
"""Generates data/countries.tsv, the country gazetteer the entity extractor loads.

Sources (Debian package iso-codes, 4.x):
  /usr/share/iso-codes/json/iso_3166-1.json           ISO 3166-1 codes, English names
  /usr/share/locale/{fr,es,de,ru}/LC_MESSAGES/iso_3166-1.mo   translations of those names
plus the hand-written data/country_aliases.tsv (short names, demonyms, capitals, acronyms,
removals and flags). See data/README.md for the file format.

Usage: scripts/gen_gazetteer.py [--iso-json PATH] [--locale-dir DIR] [--out data/countries.tsv]
The output is deterministic: rerunning on the same inputs gives the same bytes.
"""
import argparse
import gettext
import json
import os
import sys
import unicodedata

LANGS = ["fr", "es", "de", "ru"]
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(os.path.dirname(HERE), "data")


def uninvert(name):
    """'Korea, Republic of' -> 'Republic of Korea'; drops '(Keeling)' style parentheticals."""
    while "(" in name and ")" in name:
        a, b = name.index("("), name.index(")")
        if b < a:
            break
        name = (name[:a] + name[b + 1:]).strip()
    name = " ".join(name.split())
    if ", " in name:
        head, tail = name.split(", ", 1)
        name = tail + " " + head
    for article in ("The ", "the "):
        if name.startswith(article):
            name = name[len(article):]
    return name


def fold_accents(s):
    """ASCII-ish variant of a Latin name ('Côte d'Ivoire' -> 'Cote d'Ivoire'); Cyrillic ё -> е."""
    out = []
    for ch in unicodedata.normalize("NFC", s):
        if "\u0400" <= ch <= "\u04ff":
            out.append({"ё": "е", "Ё": "Е"}.get(ch, ch))
            continue
        out.extend(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return "".join(out)


def russian_forms(word):
    """Cheap case inflections of a one-word Russian country name (nominative given)."""
    forms = []
    if word.endswith("ия"):
        stem = word[:-1]
        forms = [stem + e for e in ("и", "ю", "ей")]
    elif word.endswith("а"):
        stem = word[:-1]
        gen = "и" if stem[-1:] in "гкхжшщч" else "ы"
        forms = [stem + e for e in (gen, "е", "у", "ой")]
    elif word.endswith("й"):
        stem = word[:-1]
        forms = [stem + e for e in ("я", "ю", "е", "ем")]
    elif word.endswith("ь"):
        stem = word[:-1]
        forms = [stem + e for e in ("я", "ю", "е", "ем")]
    elif word[-1:] and word[-1] in "бвгджзклмнпрстфхцчшщ":
        forms = [word + e for e in ("а", "у", "е", "ом")]
    return forms


def read_aliases(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4:
                sys.exit(f"{path}:{lineno}: expected code<TAB>lang<TAB>kind<TAB>form[<TAB>flags]")
            cols += [""] * (5 - len(cols))
            rows.append(tuple(cols[:5]))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iso-json", default="/usr/share/iso-codes/json/iso_3166-1.json")
    ap.add_argument("--locale-dir", default="/usr/share/locale")
    ap.add_argument("--aliases", default=os.path.join(DATA, "country_aliases.tsv"))
    ap.add_argument("--out", default=os.path.join(DATA, "countries.tsv"))
    args = ap.parse_args()

    with open(args.iso_json, encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    translations = {}
    for lang in LANGS:
        mo = os.path.join(args.locale_dir, lang, "LC_MESSAGES", "iso_3166-1.mo")
        with open(mo, "rb") as f:
            translations[lang] = gettext.GNUTranslations(f)

    rows = []  # (code, lang, kind, form, flags)
    display = {}
    for c in countries:
        code = c["alpha_2"]
        display[code] = uninvert(c.get("common_name") or c["name"])
        for kind, key in (("name", "name"), ("official", "official_name"), ("common", "common_name")):
            src = c.get(key)
            if not src:
                continue
            rows.append((code, "en", kind, uninvert(src), ""))
            for lang in LANGS:
                tr = translations[lang].gettext(src)
                if tr != src:
                    rows.append((code, lang, kind, uninvert(tr), ""))

    aliases = read_aliases(args.aliases)
    removed = {(r[0], r[3]) for r in aliases if r[2] == "remove"}
    extra_flags = {}
    for code, lang, kind, form, flags in aliases:
        if kind == "display":
            display[code] = form
        elif kind == "flags":
            extra_flags[(code, form)] = flags
        elif kind != "remove":
            rows.append((code, lang, kind, form, flags))
    rows = [r for r in rows if (r[0], r[3]) not in removed]

    # Variants: accent-folded forms, Russian case forms, German genitive -s.
    variants = []
    for code, lang, kind, form, flags in rows:
        folded = fold_accents(form)
        if folded != form:
            variants.append((code, lang, kind, folded, flags))
        if kind in ("acronym", "capital", "demonym"):
            continue
        if lang == "ru" and " " not in form and "-" not in form:
            for f2 in russian_forms(form):
                variants.append((code, lang, kind, f2, flags))
                if fold_accents(f2) != f2:
                    variants.append((code, lang, kind, fold_accents(f2), flags))
        if lang == "de" and " " not in form and form[-1:] not in "sxzß":
            variants.append((code, lang, kind, form + "s", flags))
    rows += variants

    seen = set()
    out = []
    for code in sorted(display):
        out.append((code, "en", "display", display[code], ""))
    for code, lang, kind, form, flags in sorted(rows, key=lambda r: (r[0], r[1], r[2], r[3])):
        key = (code, lang, form)
        if key in seen or (code, form) in removed:
            continue
        seen.add(key)
        fl = ",".join(x for x in (flags, extra_flags.get((code, form), "")) if x)
        out.append((code, lang, kind, form, fl))

    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# Generated by scripts/gen_gazetteer.py from Debian iso-codes (ISO 3166-1 names and\n")
        f.write("# their fr/es/de/ru translations) and data/country_aliases.tsv. Do not edit by hand.\n")
        f.write("# code\tlang\tkind\tform\tflags\n")
        for r in out:
            f.write("\t".join(r) + "\n")
    print(f"wrote {len(out)} rows for {len(display)} codes to {args.out}")


if __name__ == "__main__":
    main()
