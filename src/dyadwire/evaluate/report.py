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
