"""Read the forms of a rendered page as a browser would submit them (for the admin-forms-save test).

Each form gives its action, method, id and fields in document order: inputs (checkboxes and
radios only when checked, files and buttons never), selects with their selected options, and
textareas. Required fields and the choices of selects are kept, to fill an add form.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    values: list = field(default_factory=list)
    required: bool = False
    options: list = field(default_factory=list)  # a select's option values
    css: str = ""
    autocomplete: dict = field(default_factory=dict)  # the admin's select2 attributes (data-ajax--url …)


@dataclass
class Form:
    action: str
    method: str
    id: str
    fields: list = field(default_factory=list)

    def data(self) -> dict:
        out: dict[str, list] = {}
        for f in self.fields:
            out.setdefault(f.name, []).extend(f.values)
        return {name: values if len(values) != 1 else values[0] for name, values in out.items()}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None
        self.option_value: str | None = None
        self.option_selected = False
        self.option_text = ""
        self.in_option = False

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.form = Form(a.get("action", ""), a.get("method", "get").lower(), a.get("id", ""))
            self.forms.append(self.form)
        if self.form is None or ("name" not in a and tag in ("input", "select", "textarea")):
            if tag == "option" and self.select is not None:
                self._option_start(a)
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in SKIPPED_TYPES or "disabled" in a:
                return
            if kind in ("checkbox", "radio"):
                existing = next((f for f in self.form.fields if f.name == a["name"] and f.kind == kind), None)
                target = existing or Field(a["name"], kind, required="required" in a, css=a.get("class", ""))
                if existing is None:
                    self.form.fields.append(target)
                target.options.append(a.get("value", "on"))
                if "checked" in a:
                    target.values.append(a.get("value", "on"))
                return
            self.form.fields.append(Field(a["name"], kind, [a.get("value", "")], "required" in a, css=a.get("class", "")))
        elif tag == "select" and "disabled" not in a:
            self.select = Field(a["name"], "select-multiple" if "multiple" in a else "select", required="required" in a,
                                css=a.get("class", ""),
                                autocomplete={k[5:]: v for k, v in a.items() if k.startswith("data-")})
            self.form.fields.append(self.select)
        elif tag == "textarea" and "disabled" not in a:
            self.textarea = Field(a["name"], "textarea", [""], "required" in a, css=a.get("class", ""))
            self.form.fields.append(self.textarea)
        elif tag == "option" and self.select is not None:
            self._option_start(a)

    def _option_start(self, a):
        self._option_end()
        self.in_option = True
        self.option_value, self.option_selected, self.option_text = a.get("value"), "selected" in a, ""

    def _option_end(self):
        if not self.in_option:
            return
        value = self.option_value if self.option_value is not None else self.option_text.strip()
        self.select.options.append(value)
        if self.option_selected:
            self.select.values.append(value)
        self.in_option, self.option_value, self.option_text, self.option_selected = False, None, "", False

    def handle_endtag(self, tag):
        if tag == "option" and self.select is not None:
            self._option_end()
        elif tag == "select" and self.select is not None:
            self._option_end()
            if self.select.kind == "select" and not self.select.values and self.select.options:
                self.select.values.append(self.select.options[0])  # a browser submits the first option
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.form = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.values[0] += data
        elif self.in_option:
            self.option_text += data


def parse_forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms
