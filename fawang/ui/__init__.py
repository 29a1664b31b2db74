"""The shared parts of every app's pages, below every domain app: form helpers (`fawang.ui.forms`),
the form partials (`ui/field.html`, `ui/form_errors.html`) and the design system's stylesheet
(`ui/fawang.css`). It imports Django and fawang.core only; the page shell (`web/base.html`, the
navigation) stays in fawang.web, which knows the apps' pages."""
