"""What happens to an organisation, told to the apps that show it (activities are found by the names
of their organisers). Sent inside the transaction that saved the change."""

from django.dispatch import Signal

# An organisation's details were edited and saved.
organisation_saved = Signal()  # organisation
