"""funclab.data.posts: posts carrying their author's age, income and gender."""

import numpy as np
import pytest

import funclab.data.posts as posts_module
from funclab.data import make_posts
from funclab.data.posts import AGE_RANGE, BACKGROUND_START


def test_shapes_dtypes_and_ranges():
    posts = make_posts(300, length=120, vocabulary_size=3000, seed=0)
    assert posts.posts.shape == (300, 120) and posts.posts.dtype == np.int32
    assert int(posts.posts.max()) < 3000
    assert AGE_RANGE[0] <= posts.age.min() and posts.age.max() < AGE_RANGE[1]
    assert set(np.unique(posts.income)) <= set(range(10)) and set(np.unique(posts.gender)) <= {0.0, 1.0}
    assert sorted(posts.targets) == ["age", "gender", "income"]


def test_the_book_sized_posts_fit_its_conv_stack():
    posts = make_posts(4, length=300, vocabulary_size=50_000)
    assert posts.posts.shape == (4, 300) and int(posts.posts.max()) < 50_000


def test_every_post_carries_four_markers_per_attribute():
    posts = make_posts(200, seed=2)
    for i in range(len(posts)):
        markers = posts.marker_words(i)
        assert [len(markers[k]) for k in ("gender", "income", "age")] == [4, 4, 4]


def test_same_seed_same_posts():
    a, b = make_posts(50, seed=4), make_posts(50, seed=4)
    assert np.array_equal(a.posts, b.posts) and np.array_equal(a.age, b.age)
    assert not np.array_equal(a.posts, make_posts(50, seed=5).posts)


def test_markers_predict_the_attributes_beyond_baselines():
    """Reading the markers (what a model must learn to do) beats predicting the
    mean age / the most common class by far."""
    posts = make_posts(2000, seed=0)
    band_age = np.array([
        np.mean([AGE_RANGE[0] + 5 * ((w - posts_module.AGE_START) // 10) + 2.5 for w in posts.marker_words(i)["age"]])
        for i in range(len(posts))
    ])
    income = np.array([np.bincount([(w - posts_module.INCOME_START) // 3 for w in posts.marker_words(i)["income"]]).argmax() for i in range(len(posts))])
    gender = np.array([np.bincount([(w - posts_module.GENDER_START) // 20 for w in posts.marker_words(i)["gender"]]).argmax() for i in range(len(posts))])
    age_mse = np.mean((band_age - posts.age) ** 2)
    assert np.var(posts.age) > 150  # predicting the mean age: an MSE of about 208
    assert age_mse < 3.0
    assert (income == posts.income).mean() > 0.9  # most common class: about 0.1
    assert (gender == posts.gender).mean() > 0.9  # most common class: about 0.5


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"n": 0}, "positive number of posts"),
        ({"length": 5}, "length must be at least 12"),
        ({"vocabulary_size": BACKGROUND_START}, "vocabulary_size must be above"),
        ({"label_noise": 2}, "label_noise"),
    ],
)
def test_bad_arguments(kwargs, words):
    with pytest.raises(ValueError, match=words):
        make_posts(**kwargs)
