"""Counterparts of imported trips: names and countries against a hand-labelled sample.

    .venv/bin/python bench/eval_trips.py                 # score the database in DATABASE_URL
    .venv/bin/python bench/eval_trips.py --errors        # also list what was missed or wrong
    .venv/bin/python bench/eval_trips.py --sample 150    # print the candidate trips to label

Run it after ``manage.py import_records`` of the Office of the Historian's records into
a scratch database. The labels (``bench/data/trips_heldout.jsonl``) hold only record
ids, counterpart names (as written) and their countries (ISO 3166 alpha-2, "" for
officials of an international organisation): the XML stays outside the project, and
``--sample`` reads it from ../shared/data/historyatstate.

Scoring: a trip's counterparts are the participants of the meeting made from that
record, less the traveller. A labelled name matches a stored official when it equals,
after normalization (accents, case, punctuation), the official's name or one of its
aliases (the record's own spelling is kept as one), or when one is a final word
sequence of the other ("Kuleba" / "Dmytro Kuleba"), one to one. Name precision,
recall and F1 over (trip, name) pairs; country accuracy over matched names. Exit
status 0 whenever scores were printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "historyatstate"
LABELS = ROOT / "bench" / "data" / "trips_heldout.jsonl"
DEV = ROOT / "bench" / "data" / "remarks_dev.jsonl"
SEED = 20261130
sys.path.insert(0, str(ROOT))


def normalize(name: str) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", plain).casefold().split())


def names_match(a: str, b: str) -> bool:
    wa, wb = normalize(a).split(), normalize(b).split()
    if not wa or not wb:
        return False
    short, long = sorted((wa, wb), key=len)
    return long[len(long) - len(short):] == short


def match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs (gold, predicted), exact matches first, one to one."""
    pairs, free = [], list(pred)
    for exact in (True, False):
        for g in gold:
            if any(g is p for p, _ in pairs):
                continue
            for p in free:
                forms = p.get("names", [p["name"]])
                same = any(normalize(g["name"]) == normalize(f) if exact else
                           names_match(g["name"], f) for f in forms)
                if same:
                    pairs.append((g, p))
                    free.remove(p)
                    break
    return pairs


def predictions(labels: list[dict]) -> dict[tuple[str, str], list[dict]]:
    """Counterparts stored for each labelled trip, from the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    import django

    django.setup()
    from meetings.models import Participation, RecordSource

    keys = {(row["collection"], row["id"]) for row in labels}
    sources = RecordSource.objects.filter(record_id__in=[k[1] for k in keys])
    meeting_of = {(s.collection, s.record_id): s.meeting_id for s in sources
                  if (s.collection, s.record_id) in keys}
    people: dict[int, list[dict]] = {}
    for p in Participation.objects.filter(meeting_id__in=meeting_of.values()).select_related(
            "official").prefetch_related("official__aliases"):
        if p.role == "guest":
            continue  # the traveller
        names = [p.official.name, *(a.alias for a in p.official.aliases.all() if not a.rejected)]
        people.setdefault(p.meeting_id, []).append({"name": p.official.name, "names": names,
                                                   "country": p.official.country})
    return {key: people.get(meeting_of.get(key), []) for key in keys}


def score(labels: list[dict], predicted: dict, *, errors: bool) -> dict:
    tp = fp = fn = countries_right = 0
    for row in labels:
        gold = row["counterparts"]
        pred = predicted.get((row["collection"], row["id"]), [])
        pairs = match(gold, pred)
        tp += len(pairs)
        fp += len(pred) - len(pairs)
        fn += len(gold) - len(pairs)
        for g, p in pairs:
            if g["country"] == p["country"]:
                countries_right += 1
            elif errors:
                print(f"country {row['collection']}#{row['id']}: {g['name']}: "
                      f"want {g['country'] or '-'} got {p['country'] or '-'}")
        if errors:
            for g in gold:
                if not any(g is m for m, _ in pairs):
                    print(f"missed  {row['collection']}#{row['id']}: {g['name']}")
            for p in pred:
                if not any(p is m for _, m in pairs):
                    print(f"extra   {row['collection']}#{row['id']}: {p['name']}")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"trips": len(labels), "gold": tp + fn, "predicted": tp + fp, "precision": precision,
            "recall": recall, "f1": f1,
            "country_accuracy": countries_right / tp if tp else 0.0}


def sample(n: int) -> None:
    """Trips with remarks, not in the development set, in a fixed random order."""
    import xml.etree.ElementTree as ET

    dev = {json.loads(line)["id"] for line in open(DEV, encoding="utf-8")}
    trips = []
    for path in sorted((DATA / "travels").glob("*/*.xml")):
        collection = path.parent.name
        for trip in ET.parse(path).getroot().iter("trip"):
            remark = " ".join((trip.findtext("remarks") or "").split())
            record_id = trip.findtext("id") or ""
            if remark:
                trips.append({"collection": collection, "id": record_id,
                              "date": trip.findtext("start-date"),
                              "country": trip.findtext("country"),
                              "traveller": " ".join((trip.findtext("name") or "").split()),
                              "text": remark})
    random.Random(SEED).shuffle(trips)
    # The first n of a fixed order, less those of the development set.
    for trip in trips[:n]:
        if trip["id"] not in dev:
            print(json.dumps(trip, ensure_ascii=False))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labels", nargs="?", type=Path, default=LABELS)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--sample", type=int, metavar="N")
    args = parser.parse_args()
    if args.sample:
        sample(args.sample)
        return 0
    labels = [json.loads(line) for line in open(args.labels, encoding="utf-8") if line.strip()]
    result = score(labels, predictions(labels), errors=args.errors)
    print(f"{result['trips']} trips, {result['gold']} counterparts labelled, "
          f"{result['predicted']} stored")
    print(f"names: precision {result['precision']:.3f} recall {result['recall']:.3f} "
          f"F1 {result['f1']:.3f} (target >= 0.95)")
    print(f"country accuracy over matched names: {result['country_accuracy']:.3f} "
          f"(target >= 0.97)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
