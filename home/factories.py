import wagtail_factories

from .models import AboutPage, HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Tablero de prueba"
    slug = "inicio"

    class Meta:
        model = HomePage


class AboutPageFactory(wagtail_factories.PageFactory):
    title = "Acerca"
    slug = "acerca"

    class Meta:
        model = AboutPage
