"""funclab.data._rows.Rows: data[rows] on every lesson dataset."""

import numpy as np

from funclab.data import make_posts, make_stories


def test_rows_slice_every_array_field_and_keep_the_rest():
    stories = make_stories(20, seed=0)
    part = stories[5:8]
    assert type(part) is type(stories) and len(part) == 3
    assert np.array_equal(part.text, stories.text[5:8]) and np.array_equal(part.answer, stories.answer[5:8])
    assert part.vocabulary is stories.vocabulary


def test_an_integer_keeps_the_batch_axis():
    posts = make_posts(10, seed=0)
    one = posts[3]
    assert one.posts.shape == (1, posts.posts.shape[1]) and one.age.shape == (1,)
    assert one.vocabulary_size == posts.vocabulary_size
    assert np.array_equal(posts[np.int64(3)].gender, posts.gender[3:4])
