"""Making and removing second factors: authenticator apps (TOTP) and recovery codes."""

import base64
import secrets
from urllib.parse import quote, urlencode

from django.conf import settings

import segno
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts import policy

RECOVERY_CODES = 10
FRESH_CODES_KEY = "accounts_fresh_recovery_codes"
KINDS = {"app": TOTPDevice, "passkey": WebAuthnCredential}


def new_totp_secret():
    """20 random bytes as hex (how django-otp stores a key)."""
    return secrets.token_hex(20)


def base32(hex_key):
    """The key as people type it into an authenticator app: base32, in groups of four."""
    text = base64.b32encode(bytes.fromhex(hex_key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user, hex_key):
    issuer = settings.WAGTAIL_SITE_NAME
    label = quote(f"{issuer}:{user.get_username()}")
    query = urlencode({"secret": base32(hex_key).replace(" ", ""), "issuer": issuer})
    return f"otpauth://totp/{label}?{query}"


def qr_svg(uri):
    """The QR code as inline SVG, about 250 px wide wherever it is shown (a phone's camera
    reads it; it does not push the form below the fold): drawn here, nothing fetched."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def check_new_totp(hex_key, code):
    """The ``t`` of ``code`` if it is right for ``hex_key`` (one step of clock drift allowed)."""
    code = "".join(code.split())
    if not code.isdigit():
        return None
    totp = TOTP(bytes.fromhex(hex_key))
    for drift in (0, -1, 1):
        totp.drift = drift
        if totp.token() == int(code):
            return totp.t()
    return None


def add_totp(user, hex_key, name, last_t):
    """A confirmed authenticator app; the code that confirmed it cannot be used again."""
    return TOTPDevice.objects.create(
        user=user, name=name, key=hex_key, confirmed=True, last_t=last_t
    )


def make_recovery_codes(user):
    """Ten new single-use recovery codes (any earlier ones stop working)."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Recovery codes", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remember_fresh_codes(request, codes):
    """Kept in the session until the recovery-codes page shows them, once."""
    request.session[FRESH_CODES_KEY] = codes


def get_factor(user, kind, pk):
    """The user's own factor of ``kind`` ("app" or "passkey"), or None."""
    model = KINDS.get(kind)
    return model.objects.filter(user=user, pk=pk, confirmed=True).first() if model else None


def remove_all(user):
    """Every factor and recovery code of ``user`` (a reset by the secretariat)."""
    for model in (TOTPDevice, WebAuthnCredential, StaticDevice):
        model.objects.filter(user=user).delete()


def kind_of(device):
    return "passkey" if isinstance(device, WebAuthnCredential) else "app"


def factors(user):
    """(kind, device) of every factor, passkeys first."""
    return [("passkey", d) for d in policy.passkeys(user)] + [
        ("app", d) for d in policy.totp_devices(user)
    ]
