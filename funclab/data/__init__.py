"""Seeded, offline lesson data that a model can actually learn from.

Nothing here downloads: the digits and one photograph ship with funclab and
everything else is generated from a seed. Each generator takes well under a
second.

- ``load_digits``: real 8×8 handwritten digits, resized as a lesson needs;
- ``make_digit_pairs``: same/different pairs of those digits (lessons 1, 7);
- ``load_photo``: a photograph for the stereo-camera example (lesson 7);
- ``make_stories``: stories with a question whose answer is in the story (lesson 2);
- ``make_posts``: posts that carry their author's age, income and gender (lesson 3);
- ``make_headlines``: headlines plus auxiliary features (lesson 3);
- ``make_review_pairs``: which of two short reviews is more positive (lesson 6).
"""

from funclab.data.digits import Digits, load_digits, resize_images
from funclab.data.headlines import Headlines, make_headlines
from funclab.data.pairs import DigitPairs, make_digit_pairs
from funclab.data.photo import PHOTO_CREDIT, load_photo
from funclab.data.posts import Posts, make_posts
from funclab.data.reviews import ReviewPairs, make_review_pairs
from funclab.data.stories import Stories, make_stories

__all__ = [
    "Digits",
    "load_digits",
    "resize_images",
    "DigitPairs",
    "make_digit_pairs",
    "load_photo",
    "PHOTO_CREDIT",
    "Stories",
    "make_stories",
    "Posts",
    "make_posts",
    "Headlines",
    "make_headlines",
    "ReviewPairs",
    "make_review_pairs",
]
