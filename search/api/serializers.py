from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from search import engine


class SearchQuerySerializer(serializers.Serializer):
    # The length is checked by the engine, so that every way in gives the same answer.
    q = serializers.CharField(
        allow_blank=True, trim_whitespace=False, help_text=_("Words to find; accents optional.")
    )
    kind = serializers.ChoiceField(
        choices=engine.KIND_CHOICES,
        required=False,
        help_text=_("Only this kind, a page at a time."),
    )
    page = serializers.IntegerField(min_value=1, max_value=10_000, required=False, default=1)

    def validate_q(self, value):
        try:
            return engine.parse_query(value).text
        except engine.SearchQueryError as error:
            raise serializers.ValidationError(error.message) from None


class HitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    meta = serializers.CharField(help_text=_("Number, date, province or status, as shown."))
    snippet = serializers.CharField(help_text=_("Plain text around the first word found."))
    title_html = serializers.CharField(help_text=_("The title, escaped, words in <mark>."))
    snippet_html = serializers.CharField(help_text=_("The snippet, escaped, words in <mark>."))
    url = serializers.CharField(help_text=_("The page of the object."))
    rank = serializers.FloatField(
        help_text=_(
            "3 exact number or code, 2+ whole words, 1+ words inside others, else similarity."
        )
    )


class GroupSerializer(serializers.Serializer):
    kind = serializers.CharField(source="kind.key")
    label = serializers.CharField(source="kind.label")
    count = serializers.IntegerField(help_text=_("The hits, counted up to 1,000."))
    capped = serializers.BooleanField(help_text=_("True when there are more than 1,000 hits."))
    page = serializers.IntegerField(source="page.number")
    pages = serializers.IntegerField(source="paginator.num_pages")
    results = HitSerializer(many=True, source="page.object_list")


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField(source="query.text")
    total = serializers.IntegerField()
    capped = serializers.BooleanField(
        help_text=_("True when a kind has more hits than its count says.")
    )
    groups = GroupSerializer(many=True)
