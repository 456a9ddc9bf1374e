"""After lupdate: give each untranslated message the Korean of the same English text in another context.

When code moves (a lab split into tab widgets, a step bar shared by every lab), Qt files its strings under the new
class name, and lupdate marks them unfinished although the same English text is translated elsewhere. This fills
those from the translated ones (the most common translation of that source wins) and drops obsolete entries.

    python scripts/i18n_carry.py assets/i18n/attention_lab_ko.ts     # prints what it filled and what is left
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict


def carry(path: str) -> tuple[int, list[tuple[str, str]]]:
    tree = ET.parse(path)
    known: dict[str, Counter] = defaultdict(Counter)
    for message in tree.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is not None and translation.get("type") not in ("unfinished", "obsolete", "vanished") \
                and translation.text:
            known[source][translation.text] += 1
    # obsolete/vanished entries still teach their translation, then go
    for context in tree.getroot().findall("context"):
        for message in list(context.findall("message")):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("obsolete", "vanished"):
                if translation.text:
                    known[message.findtext("source") or ""][translation.text] += 1
                context.remove(message)
        if not context.findall("message"):
            tree.getroot().remove(context)
    filled, missing = 0, []
    for context in tree.getroot().findall("context"):
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") != "unfinished":
                continue
            source = message.findtext("source") or ""
            if known.get(source):
                translation.text = known[source].most_common(1)[0][0]
                del translation.attrib["type"]
                filled += 1
            else:
                missing.append((name, source))
    ET.indent(tree, space="    ")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        f.write(ET.tostring(tree.getroot(), encoding="unicode"))
        f.write("\n")
    return filled, missing


if __name__ == "__main__":
    n, left = carry(sys.argv[1])
    print(f"filled {n} from other contexts; {len(left)} still untranslated")
    for context, source in left:
        print(f"  [{context}] {source}")
