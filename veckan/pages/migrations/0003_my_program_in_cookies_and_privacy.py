"""Mitt program keeps stars without an account in the session, and its star buttons are forms: the
cookie page and the privacy notice say so. Only text still as shipped is replaced, so a coordinator's
own edits are left alone."""

from django.db import migrations

CHANGES = {
    "kakor": [
        (
            "Håller dig inloggad när du går mellan sidorna. Kakan sätts bara när du loggar in, eller när du använder en funktion som behöver komma ihåg något mellan sidorna. Den innehåller bara en slumpmässig nyckel; uppgifterna om inloggningen finns på vår server. Kakan tas bort när du loggar ut eller stänger webbläsaren – eller efter två veckor, om du valde ”Kom ihåg mig” när du loggade in.",
            "Håller dig inloggad när du går mellan sidorna, och kommer ihåg vilka aktiviteter du har sparat i Mitt program om du inte är inloggad. Kakan sätts bara när du loggar in eller sparar en aktivitet i Mitt program. Den innehåller bara en slumpmässig nyckel; uppgifterna finns på vår server. När du är inloggad tas kakan bort när du loggar ut eller stänger webbläsaren – eller efter två veckor, om du valde ”Kom ihåg mig” när du loggade in. Har du sparat aktiviteter utan att logga in tas kakan bort två veckor efter att du senast använde Mitt program.",
        ),
        (
            "Kakan sätts när du öppnar en sida med ett formulär, till exempel inloggningen eller formuläret för att rapportera ett tillgänglighetsproblem.",
            "Kakan sätts när du öppnar en sida med ett formulär eller en knapp som sparar något, till exempel programmet och aktiviteternas sidor (knappen ”Spara i Mitt program”), inloggningen eller formuläret för att rapportera ett tillgänglighetsproblem.",
        ),
    ],
    "kakor_en": [
        (
            'Keeps you logged in as you move between pages. It is only set when you log in, or when you use a feature that needs to remember something between pages. It only holds a random key; the details of your login are kept on our server. The cookie is removed when you log out or close your browser – or after two weeks, if you chose "Remember me" when you logged in.',
            'Keeps you logged in as you move between pages, and remembers which activities you have saved in My programme if you are not logged in. It is only set when you log in or save an activity in My programme. It only holds a random key; the details are kept on our server. When you are logged in, the cookie is removed when you log out or close your browser – or after two weeks, if you chose "Remember me" when you logged in. If you saved activities without logging in, it is removed two weeks after you last used My programme.',
        ),
        (
            "It is set when you open a page with a form, such as the login page or the form for reporting an accessibility problem.",
            'It is set when you open a page with a form or a button that saves something, such as the programme and the activity pages (the "Save in My programme" button), the login page or the form for reporting an accessibility problem.',
        ),
    ],
    "personuppgifter": [
        (
            "- **Konton:** så länge du har kvar ditt konto.",
            "- **Mitt program:** utan konto tas det bort när ingen har använt det på ett år; på ett konto så länge du har kvar kontot.\n- **Konton:** så länge du har kvar ditt konto.",
        ),
    ],
    "personuppgifter_en": [
        (
            "- **Accounts:** for as long as you keep your account.",
            "- **My programme:** without an account it is deleted when nobody has used it for a year; on an account, for as long as you keep the account.\n- **Accounts:** for as long as you keep your account.",
        ),
    ],
}


def update_texts(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for key, replacements in CHANGES.items():
        slug, _, language = key.partition("_")
        field = "body_en" if language == "en" else "body"
        page = Page.objects.filter(slug=slug).first()
        if page is None:
            continue
        text = getattr(page, field)
        for old, new in replacements:
            text = text.replace(old, new)
        setattr(page, field, text)
        page.save(update_fields=[field])


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_pages_content")]

    operations = [migrations.RunPython(update_texts, migrations.RunPython.noop)]
