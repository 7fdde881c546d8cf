"""The static programme site: views of a published version (:mod:`agenda.site.model`), stable
paths (:mod:`agenda.site.paths`) and the Jinja2 rendering with calendar feeds
(:mod:`agenda.site.render`). Pure: the caller loads the data and writes the files."""
