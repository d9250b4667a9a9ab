"""The secretariat's rights over sign-in security, from the role rather than stored grants."""

from django.contrib.auth.backends import BaseBackend

from accounts import policy

SECRETARIAT_PERMISSIONS = {"accounts.change_securitypolicy", "accounts.view_securitypolicy"}


class SecretariatBackend(BaseBackend):
    """Secretariat editors may edit Settings › Sign-in security (who must have a factor)."""

    def has_perm(self, user_obj, perm, obj=None):
        return perm in SECRETARIAT_PERMISSIONS and policy.is_secretariat(user_obj)
