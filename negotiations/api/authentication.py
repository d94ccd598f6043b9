"""Token authentication: DRF's, with the token's user read by one fixed SQL statement.

Every API call a client makes runs this lookup; DRF's `Token.objects.select_related("user").get()`
spends several times longer building its SQL than the database takes to run it (see
negotiations.fixed_queries). What is refused is what DRF refuses: a key with no token (a revoked or
regenerated one included) and an inactive user, each from the very next request on.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from negotiations.fixed_queries import fetch_instance, select_list

User = get_user_model()
_USER_BY_TOKEN = f"""
    SELECT {select_list(User, "u")}
    FROM {User._meta.db_table} u JOIN {Token._meta.db_table} t ON t.user_id = u.id
    WHERE t.key = %s
"""


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[AbstractBaseUser, Token]:
        found = fetch_instance(User, _USER_BY_TOKEN, [key])
        if found is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        user, _rest = found
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        # request.auth is the token, as with DRF's class; only its key and user are read here, and
        # its other fields load if something asks for them.
        token = Token.from_db(user._state.db, ["key", "user_id"], [key, user.pk])
        token.user = user
        return user, token
