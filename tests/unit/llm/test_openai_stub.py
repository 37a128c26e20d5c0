"""The OpenAI stub itself speaks the API shapes the real clients expect."""

from __future__ import annotations

import math

import openai
import pytest
from langchain_openai import OpenAIEmbeddings
from pydantic import SecretStr

from tests.fakes.openai_stub import OpenAIStub


def test_embeddings_are_deterministic_unit_vectors_via_langchain(stub: OpenAIStub) -> None:
    # check_embedding_ctx_length=False: otherwise tiktoken would download its tables.
    emb = OpenAIEmbeddings(
        api_key=SecretStr("test"), base_url=stub.base_url, check_embedding_ctx_length=False
    )
    a1, b = emb.embed_documents(["bike racks", "free coffee"])
    a2 = emb.embed_query("bike racks")
    assert len(a1) == stub.embedding_dim
    assert a1 == pytest.approx(a2, abs=1e-6)  # base64 float32 round trip
    assert a1 != pytest.approx(b)
    assert math.isclose(sum(x * x for x in a1), 1.0, rel_tol=1e-5)


def test_embedding_dimension_is_configurable() -> None:
    with OpenAIStub(embedding_dim=384) as stub:
        client = openai.OpenAI(api_key="test", base_url=stub.base_url, max_retries=0)
        result = client.embeddings.create(model="m", input=["a", "b", "c"], encoding_format="float")
        assert [len(d.embedding) for d in result.data] == [384, 384, 384]
        assert [d.index for d in result.data] == [0, 1, 2]


def test_models_and_request_recording(stub: OpenAIStub) -> None:
    client = openai.OpenAI(api_key="test", base_url=stub.base_url, max_retries=0)
    assert [m.id for m in client.models.list()] == ["stub-model"]
    stub.reply("plain text answer", lambda request: f"echo {request['messages'][-1]['content']}")
    first = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    second = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "yo"}])
    assert first.choices[0].message.content == "plain text answer"
    assert second.choices[0].message.content == "echo yo"
    paths = [r.path for r in stub.requests]
    assert paths == ["/v1/models", "/v1/chat/completions", "/v1/chat/completions"]
    assert stub.requests[-1].json["messages"] == [{"role": "user", "content": "yo"}]
    assert "yo" in stub.requests[-1].body


def test_unscripted_request_is_an_error_not_a_silent_answer(stub: OpenAIStub) -> None:
    client = openai.OpenAI(api_key="test", base_url=stub.base_url, max_retries=0)
    with pytest.raises(openai.InternalServerError, match="no scripted reply"):
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])


def test_rate_limit_carries_retry_after_and_faults_can_be_one_shot(stub: OpenAIStub) -> None:
    client = openai.OpenAI(api_key="test", base_url=stub.base_url, max_retries=0)
    stub.status(429, retry_after=2, times=1)
    stub.reply("ok")
    with pytest.raises(openai.RateLimitError) as info:
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert info.value.response.headers["retry-after"] == "2"
    ok = client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
    assert ok.choices[0].message.content == "ok"
