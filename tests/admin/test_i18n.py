"""English and Simplified Chinese: API errors, model names and the translation catalog."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from rest_framework.test import APIClient

from marketplace.organizations.models import Organization
from orders.models import Order

PO_FILE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_login_error_comes_back_in_chinese_for_a_chinese_client() -> None:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "nobody", "password": "wrong-pass"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "用户名或密码错误，无法登录。"
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_drf_messages_come_back_in_chinese_for_a_chinese_client() -> None:
    response = APIClient().get("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 401
    assert response.json()["detail"] == "身份认证信息未提供。"


@pytest.mark.django_db
def test_validation_errors_stay_english_for_an_english_client() -> None:
    response = APIClient().post("/api/v1/auth/token/", {}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["errors"]["username"] == ["This field is required."]


def test_model_names_have_chinese_translations() -> None:
    with translation.override("zh-hans"):
        assert str(Organization._meta.verbose_name) == "企业"
        assert str(Order._meta.verbose_name) == "订单"
        assert str(Order._meta.get_field("status").verbose_name) == "状态"
        assert str(Organization._meta.get_field("credit_code").verbose_name) == "统一社会信用代码"


def test_every_message_of_the_catalog_is_translated() -> None:
    text = PO_FILE.read_text(encoding="utf-8")
    entries = [
        entry for entry in text.split("\n\n") if "\nmsgid " in f"\n{entry}" and 'msgid ""\nmsgstr ""' not in entry
    ]
    untranslated = [
        entry
        for entry in entries
        if not entry.lstrip().startswith("#~")
        and (re.search(r'^msgstr(\[\d\])? ""(?!\n")', entry, re.MULTILINE) or "#, fuzzy" in entry)
    ]

    assert len(entries) > 100
    assert untranslated == []
