"""funclab.data.stories: stories whose answer is in the story."""

import keras
import numpy as np
import pytest

from funclab.data import make_stories
from funclab.data.stories import ANSWER_WORDS


def test_shapes_dtypes_and_vocabulary():
    stories = make_stories(500, seed=0)
    assert stories.text.dtype == np.int32 and stories.question.dtype == np.int32
    assert stories.text.shape[0] == stories.question.shape[0] == len(stories.answer) == 500
    assert stories.vocabulary[0] == "<pad>"
    assert int(stories.text.max()) < len(stories.vocabulary) < 100


def test_every_answer_is_a_word_of_its_story():
    stories = make_stories(300, seed=3)
    for i in range(len(stories)):
        answer = stories.vocabulary[stories.answer[i]]
        assert answer in ANSWER_WORDS
        assert answer in stories.decode(stories.text[i]).split()


def test_padding_is_at_the_front():
    stories = make_stories(50)
    assert (stories.text[:, -1] != 0).all()


def test_same_seed_same_stories():
    a, b, c = make_stories(100, seed=5), make_stories(100, seed=5), make_stories(100, seed=6)
    assert np.array_equal(a.text, b.text) and np.array_equal(a.answer, b.answer)
    assert not np.array_equal(a.text, c.text)


def test_slicing_show_and_inputs():
    stories = make_stories(10, seed=1)
    head = stories[:4]
    assert len(head) == 4 and set(head.inputs) == {"text", "question"}
    assert stories.show(0).splitlines()[1].startswith("question: ")
    assert len(stories[3]) == 1


def test_answer_log_prior():
    stories = make_stories(1000)
    prior = stories.answer_log_prior(500)
    assert prior.shape == (500,) and np.exp(prior).sum() == pytest.approx(1.0, abs=1e-4)
    assert prior[stories.answer].min() > prior.max() - 5
    with pytest.raises(ValueError, match="too small"):
        stories.answer_log_prior(5)


def test_a_small_model_reading_both_inputs_beats_both_baselines():
    """Bag-of-words of story and question into one softmax layer. Guessing among
    the answer words gives 0.05; knowing only the kind of answer (the question
    without the story) gives about 0.15."""
    stories = make_stories(2400, seed=0)
    size = len(stories.vocabulary)

    def bag(ids):
        out = np.zeros((len(ids), size), dtype="float32")
        np.put_along_axis(out, ids.astype(int), 1.0, axis=1)
        out[:, 0] = 0.0
        return out

    features = np.concatenate([bag(stories.text), bag(stories.question)], axis=1)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((2 * size,)), keras.layers.Dense(size, activation="softmax")])
    model.compile(keras.optimizers.Adam(0.05), "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(features[:2000], stories.answer[:2000], epochs=10, batch_size=100, verbose=0)
    _, accuracy = model.evaluate(features[2000:], stories.answer[2000:], verbose=0)
    assert stories.chance_accuracy == pytest.approx(1 / 20)
    assert accuracy > 0.9


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_bad_sizes(bad):
    with pytest.raises(ValueError, match="positive number of stories"):
        make_stories(bad)
