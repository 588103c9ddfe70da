"""An uploaded Word template is checked before it is used: it must be a .docx that docxtpl
can read, and it must keep the tags the documents need."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

REQUIRED_TAGS = ("number", "date_line", "title", "blocks", "signer_name", "recipients")


def check_template(upload) -> None:
    from docxtpl import DocxTemplate

    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        template = DocxTemplate(upload)
        template.init_docx()
        variables = template.get_undeclared_template_variables()
    except Exception as error:
        raise ValidationError(
            _("This is not a Word template that can be used (%(error)s).") % {"error": error}
        ) from None
    finally:
        if hasattr(upload, "seek"):
            upload.seek(position)
    missing = [tag for tag in REQUIRED_TAGS if tag not in variables]
    if missing:
        raise ValidationError(
            _("The template lacks the tags %(tags)s; start from the portal's template.")
            % {"tags": ", ".join(f"{{{{ {tag} }}}}" for tag in missing)}
        )
