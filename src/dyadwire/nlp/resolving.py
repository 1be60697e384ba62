"""How components that resolve actors get the run's knowledge base.

One resolver per run (`dyadwire.actors.run_resolver`: the knowledge base, the user's
dictionaries and the role evidence stored so far) is built by `dyadwire.nlp.pipeline.load` and
handed to every such component through spaCy's `initialize`, never through a module-level
singleton: a component only ever sees what the run started with. A component added by hand
(`nlp.add_pipe("dyadwire_actors")`) and never initialised uses the built-in knowledge base.
"""

from __future__ import annotations


class UsesResolver:
    """Mixin: `self.kb` is the resolver given to `initialize` (or the default one)."""

    _resolver = None
    dictionaries: str | None = None
    replace: bool = False

    def initialize(self, get_examples=None, *, nlp=None, resolver=None) -> None:
        from dyadwire.actors import run_resolver

        self._resolver = resolver if resolver is not None else run_resolver(self.dictionaries, self.replace)

    @property
    def kb(self):
        if self._resolver is None:
            self.initialize()
        return self._resolver
