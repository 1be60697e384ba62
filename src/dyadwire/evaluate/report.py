"""Printing evaluation results as plain, greppable text."""

from __future__ import annotations


def print_petrarch(score, misses: int = 0) -> None:
    print("PETRARCH unit tests: exact (source, target, code) codings reproduced")
    print(f"  {'category':<10} {'records':>7} {'expected':>8} {'matched':>7} {'recall':>7} {'extra':>6} {'extra/exp':>9}")
    rows = sorted(score.by_category.items()) + [("TOTAL", score.total())]
    for name, s in rows:
        recall = s.matched / s.expected if s.expected else 0.0
        extra = s.extra / s.expected if s.expected else 0.0
        print(f"  {name:<10} {s.records:>7} {s.expected:>8} {s.matched:>7} {recall:>7.1%} {s.extra:>6} {extra:>9.1%}")
    for miss in score.misses[:misses]:
        print(f"  - {miss['id']}: want {miss['expected']} got {miss['got']}\n      {miss['text']}")


def print_conflibert(result: dict) -> None:
    print(f"ConfliBERT CAMEO sentences ({result['part']}, {result['sentences']} sentences): penta class of the main event")
    for c, m in result["per_class"].items():
        print(f"  class {c}: precision {m['precision']:.3f} recall {m['recall']:.3f} F1 {m['f1']:.3f} (support {m['support']})")
    print(f"  macro-F1 {result['macro_f1']:.3f}; sentences with an event: {result['coverage']:.1%}")


def print_seeds(checks) -> None:
    ok = sum(c.ok for c in checks)
    print(f"Seed reports: {ok}/{len(checks)} expected events coded right")
    for c in checks:
        print(f"  [{'x' if c.ok else ' '}] {c.article_id[:12]} {c.what}  -- got: {c.got}")


def print_news(result: dict) -> None:
    score = result["score"]
    s = score.summary()
    every = result.get("every_event", score).summary()
    print(f"Real-news gold set ({result['part']}: {s['articles']} articles, {s['gold_events']} gold "
          f"events, {s['coded_events']} coded at confidence >= {result.get('min_confidence', 0)}, "
          f"{every['coded_events']} in all)")
    print(f"  strict (source country+sector, target country+sector, root): precision "
          f"{s['precision']:.3f} recall {s['recall']:.3f} F1 {s['f1']:.3f}")
    print(f"  country (source country, target country, root): precision "
          f"{s['country_precision']:.3f} recall {s['country_recall']:.3f}")
    print(f"  root right where the dyad matches: {s['root_accuracy_on_dyad']:.3f}")
    print(f"  spurious events per article {s['spurious_per_article']:.2f}; per off-topic article "
          f"{s['spurious_per_off_topic_article']:.2f} ({s['off_topic_articles']} off-topic articles)")
    print(f"  on strict matches: date right {s['date_accuracy']:.3f}, modality right "
          f"{s['modality_accuracy']:.3f}")
    print("  every event, strict precision at or above a confidence: " + ", ".join(
        f">={t:.2f}: {p:.3f} ({every['events_above'][t]})" for t, p in every["precision_above"].items()))
    print("  per gold root, recall (found/gold): " + ", ".join(
        f"{r} {score.found_roots[r]}/{n}" for r, n in sorted(score.gold_roots.items())))
    print("  per coded root, precision (right/coded): " + ", ".join(
        f"{r} {score.right_roots[r]}/{n}" for r, n in sorted(score.coded_roots.items())))
    print("  per gold source sector, recall: " + ", ".join(
        f"{k} {score.found_kinds[k]}/{n}" for k, n in score.gold_kinds.most_common()))
    agreement = result.get("agreement")
    if agreement:
        print(f"  coder agreement ({agreement['articles']} articles coded twice, "
              f"{agreement['sentences_with_an_event']} sentences with an event in either): kappa on "
              f"roots {agreement['kappa_root']:.3f}; event F1 strict {agreement['f1_strict']:.3f}, "
              f"country {agreement['f1_country']:.3f}")
