"""Read a document's text whenever a new file is uploaded (or a file is replaced)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model

from documents.models import ExtractedText
from documents.tasks import queue_extraction


@receiver(post_save, sender=get_document_model())
def read_uploaded_text(sender, instance, raw=False, **kwargs):
    if raw or not instance.file:
        return
    known = ExtractedText.objects.filter(document=instance).values_list("file_hash", flat=True)
    if instance.file_hash and list(known) == [instance.file_hash]:
        return  # the same file saved again (a title edit): its text is already read
    queue_extraction(instance)
