import hashlib

import pytest
from django.core.management import call_command

from fawang.accounts.models import ApiToken
from fawang.accounts.services import api_token_create, api_token_revoke
from fawang.api.auth import user_for_token
from fawang.core.errors import Forbidden


def test_token_is_shown_once_and_only_its_hash_stored(wuhou_clerk):
    token, raw = api_token_create(actor=wuhou_clerk, user=wuhou_clerk, name="scanner")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {stored.key_hash, stored.prefix, stored.name}
    assert user_for_token(raw) == wuhou_clerk


def test_revoked_and_expired_tokens_stop_working(wuhou_clerk):
    token, raw = api_token_create(actor=wuhou_clerk, user=wuhou_clerk, name="a")
    api_token_revoke(actor=wuhou_clerk, token=token)
    assert user_for_token(raw) is None
    token2, raw2 = api_token_create(actor=wuhou_clerk, user=wuhou_clerk, name="b", days=1)
    ApiToken.objects.filter(pk=token2.pk).update(expires_at="2000-01-01T00:00:00Z")
    assert user_for_token(raw2) is None


def test_clerk_cannot_make_tokens_for_someone_else(wuhou_clerk, ganzi_clerk):
    with pytest.raises(Forbidden):
        api_token_create(actor=ganzi_clerk, user=wuhou_clerk, name="x")


def test_management_command_prints_a_working_token(wuhou_clerk, capsys):
    call_command("api_token_create", "wuhou_clerk", "partner")
    raw = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("fw_"))
    assert user_for_token(raw) == wuhou_clerk
