"""The one StreamField vocabulary every page type uses for narrative content."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "portal/blocks/paragraph.html"
        preview_value = "<p>Residents report waste points through the city app.</p>"
        description = "Formatted text"


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "portal/blocks/heading.html"
        preview_value = "Approach and process"
        max_length = 120
        description = "A sub-heading within the section"


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=250)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        template = "portal/blocks/figure.html"
        description = "An image with caption; alt text comes from the image library"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "portal/blocks/quote.html"
        preview_value = {
            "quote": "Data from the sensors changed how we plan collection routes.",
            "attribution": "City environment office",
        }


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(max_length=30, help_text="For example 35 % or 1.2 million")
    label = blocks.CharBlock(max_length=120)

    class Meta:
        icon = "pick"
        template = "portal/blocks/key_figure.html"
        preview_value = {"value": "35 %", "label": "less waste sent to landfill"}


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "doc-full"
        template = "portal/blocks/document_link.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    figure = FigureBlock()
    quote = QuoteBlock()
    key_figure = KeyFigureBlock()
    document = DocumentLinkBlock()

    class Meta:
        template = "portal/blocks/body.html"
