"""Page serializers of the public API: Wagtail's, with public URLs and cheaper relations."""

from wagtail.api.v2.serializers import (
    PageParentField,
    PageSerializer,
    RelatedField,
    get_serializer_class,
)

from .fields import PublicPageUrlField


class ReusedRelatedField(RelatedField):
    """Wagtail's RelatedField, building its nested serializer once rather than once per
    related object (building one introspects the model: most of a listing's time)."""

    def to_representation(self, value):
        nested = self.__dict__.get("_nested")
        if nested is None:
            nested = self.__dict__["_nested"] = self.serializer_class(context=self.context)
        return nested.to_representation(value)


class PublicParentField(PageParentField):
    """The parent page, serialised with the public html_url too."""

    def to_representation(self, value):
        serializer_class = get_serializer_class(
            value.__class__,
            ["id", "type", "detail_url", "html_url", "title"],
            meta_fields=["type", "detail_url", "html_url"],
            base=PublicPageSerializer,
        )
        return serializer_class(context=self.context).to_representation(value)


class PublicPageSerializer(PageSerializer):
    serializer_related_field = ReusedRelatedField
    html_url = PublicPageUrlField(read_only=True)
    parent = PublicParentField(read_only=True)
