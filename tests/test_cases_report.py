"""Print accuracy per kind of case: actors on the date (tests/cases), dates and places.

    .venv/bin/python tests/test_cases_report.py
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

if __name__ == "__main__":
    from dyadwire.nlp.pipeline import load

    import test_coref_cases

    nlp = load()
    total_right = total = 0
    for kind, (right, n, misses) in sorted(test_coref_cases.accuracy(nlp).items()):
        total_right += right
        total += n
        print(f"{kind:16s} {right:3d}/{n:3d}  {right / n:.2f}")
        for case_id, got in misses:
            print(f"    miss {case_id}: {got}")
    print(f"{'all (tests/cases)':16s} {total_right:3d}/{total:3d}")
    for module in ("test_when", "test_where"):
        print(f"-- {module}")
        __import__(module)._accuracy_report()
