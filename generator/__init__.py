"""China Stem Cell Therapy Tracker: validate profiles/*.yaml and render them into docs/.

Data flows one way: load (YAML nodes with positions) -> validate (schema, cross-field rules,
provenance) -> model (plain data for templates) -> render (Jinja) -> docs/ -> MkDocs.
The package does not import MkDocs; mkdocs_hook.py is the only bridge.
"""
