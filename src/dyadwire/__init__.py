"""dyadwire: political event data from raw news.

Who did what to whom, when and where, coded in CAMEO and PLOVER, with the sentence as evidence.
"""

__version__ = "0.1.0"
