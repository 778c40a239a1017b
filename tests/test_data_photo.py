"""funclab.data.photo: lesson 7's photograph, shipped with funclab."""

import numpy as np

from funclab.data import PHOTO_CREDIT, load_photo


def test_shape_range_and_a_real_picture():
    photo = load_photo()
    assert photo.shape == (250, 350, 3) and photo.dtype == np.float32
    assert photo.min() >= 0.0 and photo.max() <= 1.0
    # a photograph, not a flat fill: every channel spans most of the range
    assert all(np.ptp(photo[..., channel]) > 0.8 for channel in range(3))


def test_two_windows_12_pixels_apart_differ_and_one_window_equals_itself():
    photo = load_photo()
    left, right = photo[:, 0:250], photo[:, 12:262]
    assert not np.array_equal(left, right)
    assert np.array_equal(photo[:, 100:350], load_photo()[:, 100:350])


def test_each_call_returns_a_copy_a_learner_can_change():
    photo = load_photo()
    photo[:] = 0.0
    assert load_photo().max() > 0.0


def test_the_credit_names_author_and_licence():
    assert "Daniel Buechele" in PHOTO_CREDIT and "CC BY 2.0" in PHOTO_CREDIT
