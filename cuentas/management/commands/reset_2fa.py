from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail.log_actions import log

from cuentas import two_factor


class Command(BaseCommand):
    help = (
        "Quita la verificación en dos pasos de una cuenta (aplicación y códigos de "
        "recuperación): la persona la configura de nuevo al iniciar sesión."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="nombre de usuario de la cuenta")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist as error:
            raise CommandError(f"No existe la cuenta «{username}».") from error
        if two_factor.remove(user):
            log(user, two_factor.RESET_ACTION)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Verificación en dos pasos de «{username}» restablecida: la configurará "
                    "de nuevo al iniciar sesión."
                )
            )
        else:
            self.stdout.write(f"«{username}» no tenía verificación en dos pasos; nada que hacer.")
