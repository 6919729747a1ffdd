"""The client's address recorded in the audit log and used by the certificate check's limit."""

from __future__ import annotations

from django.test import RequestFactory, override_settings

from careforce.core.audit import client_ip


def _request(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **meta)


def test_without_a_proxy_the_connections_address_counts_and_a_forwarded_header_is_ignored():
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="203.0.113.9")) == "10.0.0.2"
    assert client_ip(None) is None


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_the_address_it_added_counts():
    # The client sent a made-up first entry; the proxy appended the address it saw.
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")) == "203.0.113.9"
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="2001:db8::1")) == "2001:db8::1"
    assert client_ip(_request(HTTP_X_FORWARDED_FOR="nonsense")) == "10.0.0.2"
    assert client_ip(_request()) == "10.0.0.2"
