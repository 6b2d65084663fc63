"""Importera aktiviteter: upload a file (or give a calendar's address), look at every row and its
errors, then save the valid rows as drafts."""

import io

import openpyxl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from veckan.activities.services import can_add_activities
from veckan.editions.models import Edition
from veckan.imports import rows as importing
from veckan.imports import services
from veckan.imports.forms import ImportForm
from veckan.imports.models import ActivityImport
from veckan.lib import csvfile
from veckan.organisations.models import Organisation

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def start(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    organisations = Organisation.objects.of_user(request.user)
    is_open = edition is not None and can_add_activities(edition=edition, user=request.user)
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and is_open and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            if upload := form.cleaned_data["file"]:
                batch = services.preview_file(
                    organisation=organisation,
                    edition=edition,
                    by=request.user,
                    name=upload.name,
                    content=upload.read(services.MAX_FILE_BYTES + 1),
                )
            else:
                batch = services.preview_calendar(
                    organisation=organisation,
                    edition=edition,
                    by=request.user,
                    url=form.cleaned_data["url"],
                )
        except services.ImportProblem as error:
            form.add_error(None, str(error))
        else:
            return redirect("imports:preview", batch.pk)
    context = {
        "form": form,
        "edition": edition,
        "is_open": is_open,
        "columns": importing.COLUMNS,
        "has_organisation": organisations.exists(),
    }
    return render(request, "imports/start.html", context)


@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(
        ActivityImport.objects.of_user(request.user).select_related("organisation", "edition"),
        pk=pk,
    )
    if request.method == "POST":
        try:
            result = services.save_import(batch=batch, by=request.user)
        except services.ImportProblem as error:
            messages.error(request, str(error))
            return redirect("imports:preview", batch.pk)
        messages.success(
            request,
            _(
                "Importen är sparad: %(created)d nya utkast, %(updated)d uppdaterade, "
                "%(skipped)d rader med fel hoppades över."
            )
            % {"created": result.created, "updated": result.updated, "skipped": result.skipped},
        )
        return redirect("activities:mine")
    rows = [row | {"when": importing.day_and_time(row["values"])} for row in batch.rows]
    context = {
        "batch": batch,
        "rows": rows,
        "valid": sum(1 for row in rows if not row["errors"]),
        "invalid": sum(1 for row in rows if row["errors"]),
    }
    return render(request, "imports/preview.html", context)


def template_csv(request: HttpRequest) -> HttpResponse:
    return csvfile.response("aktiviteter-mall.csv", importing.HEADERS, [])


def template_xlsx(request: HttpRequest) -> HttpResponse:
    """The template as a workbook: the columns on the first sheet, what each one takes on the
    second ("Instruktioner"), so nothing there is imported by mistake."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Aktiviteter"
    sheet.append(importing.HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(importing.COLUMNS):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = max(
            14, len(column.header) + 4
        )
    guide = book.create_sheet("Instruktioner")
    guide.append([_("Kolumn"), _("Vad den ska innehålla"), _("Exempel"), _("Krävs")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in importing.COLUMNS:
        guide.append(
            [column.header, str(column.help), column.example, _("Ja") if column.required else ""]
        )
    output = io.BytesIO()
    book.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="aktiviteter-mall.xlsx"'
    return response
