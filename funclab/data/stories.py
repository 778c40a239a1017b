"""Short generated stories with a question whose one-word answer is in the story.

    story:    "omar went to the garden . yuki was tired . omar picked up the book . the book is red ."
    question: "where is omar ?"            → garden
              "what did omar pick up ?"    → book
              "what color is the book ?"   → red

Each story states one place, one object and one colour among shuffled and
distracting sentences, so the answer must be read from the story: the question
says which *kind* of word is wanted, the story says which word. (The lesson's
model joins its two inputs with ``concatenate`` and one ``Dense`` layer, which
can add evidence from the story and the question but cannot look one up in
the other, so stories with several people asking "where is X?" would be beyond
it: that is a job for attention.)

Words are integer ids; id 0 is padding. Stories are padded at the front, so
the last word an LSTM reads is the story's last word.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from funclab.data._rows import Rows

__all__ = ["Stories", "make_stories"]

PEOPLE = ("mary", "john", "sandra", "daniel", "emma", "omar", "lucas", "yuki")
PLACES = ("kitchen", "garden", "office", "bedroom", "hallway", "bathroom")
OBJECTS = ("apple", "ball", "book", "key", "cup", "hat", "box", "pen")
COLORS = ("red", "green", "blue", "yellow", "black", "white")
FEELINGS = ("tired", "happy", "hungry", "bored")
GO_VERBS = (("went", "to"), ("moved", "to"), ("travelled", "to"), ("walked", "to"))
OTHER_WORDS = ("the", "picked", "up", "pick", "is", "was", ".", "?", "where", "what", "did", "color")

VOCABULARY = ("<pad>",) + tuple(
    sorted(set(PEOPLE + PLACES + OBJECTS + COLORS + FEELINGS + OTHER_WORDS + tuple(w for v in GO_VERBS for w in v)))
)
WORD_ID = {word: index for index, word in enumerate(VOCABULARY)}
ANSWER_WORDS = PLACES + OBJECTS + COLORS


@dataclass(frozen=True)
class Stories(Rows):
    """Stories, questions and answers as integer arrays, with their vocabulary.

    ``text`` (n, story length) and ``question`` (n, question length) are int32
    word ids padded with 0 at the front; ``answer`` (n,) holds the answer's
    word id. Slicing (``stories[:5000]``) gives a ``Stories`` of those rows.
    """

    text: np.ndarray
    question: np.ndarray
    answer: np.ndarray
    vocabulary: tuple[str, ...] = VOCABULARY

    def __len__(self) -> int:
        return len(self.answer)

    @property
    def inputs(self) -> dict[str, np.ndarray]:
        """The two inputs by name, for a model whose inputs are named
        ``text`` and ``question``."""
        return {"text": self.text, "question": self.question}

    def decode(self, ids) -> str:
        """Word ids back to words, padding dropped."""
        return " ".join(self.vocabulary[i] for i in np.asarray(ids).ravel() if i != 0)

    def show(self, index: int) -> str:
        """One example as text."""
        return (
            f"story:    {self.decode(self.text[index])}\n"
            f"question: {self.decode(self.question[index])}\n"
            f"answer:   {self.vocabulary[self.answer[index]]}"
        )

    @property
    def chance_accuracy(self) -> float:
        """Accuracy of guessing uniformly among all possible answer words."""
        return 1.0 / len(ANSWER_WORDS)

    def answer_log_prior(self, num_classes: int, *, smoothing: float = 1e-3) -> np.ndarray:
        """Log frequency of each class among these answers (classes never seen get
        a very low value), to initialise a softmax layer's bias.

        A softmax over 500 classes of which only 20 ever occur spends its first
        updates pushing the 480 unused ones down; started from this prior it
        does not have to.
        """
        if int(self.answer.max()) >= num_classes:
            raise ValueError(
                f"num_classes={num_classes} is too small: answers use word ids up to {int(self.answer.max())}"
            )
        counts = np.bincount(self.answer, minlength=num_classes).astype("float64") + smoothing
        return np.log(counts / counts.sum()).astype("float32")


def _pad_front(rows: list[list[int]]) -> np.ndarray:
    width = max(len(r) for r in rows)
    out = np.zeros((len(rows), width), dtype="int32")
    for i, row in enumerate(rows):
        out[i, width - len(row):] = row
    return out


def make_stories(n: int = 6000, *, seed: int = 0, distractor_rate: float = 0.7) -> Stories:
    """Generate ``n`` stories, each with one question, from a seed.

    >>> stories = make_stories(3, seed=1)
    >>> len(stories), stories.text.dtype.name, stories.question.shape[0]
    (3, 'int32', 3)
    >>> stories.vocabulary[stories.answer[0]] in stories.decode(stories.text[0]).split()
    True
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be a positive number of stories, got {n!r}")
    if not 0.0 <= distractor_rate <= 1.0:
        raise ValueError(f"distractor_rate must be between 0 and 1, got {distractor_rate!r}")
    rng = np.random.default_rng(seed)
    texts, questions, answers = [], [], []
    for _ in range(int(n)):
        person, other = rng.choice(len(PEOPLE), size=2, replace=False)
        person, other = PEOPLE[person], PEOPLE[other]
        place = PLACES[rng.integers(len(PLACES))]
        thing = OBJECTS[rng.integers(len(OBJECTS))]
        color = COLORS[rng.integers(len(COLORS))]
        verb = GO_VERBS[rng.integers(len(GO_VERBS))]
        sentences = [
            [person, *verb, "the", place, "."],
            [person, "picked", "up", "the", thing, "."],
            ["the", thing, "is", color, "."],
        ]
        if rng.random() < distractor_rate:
            sentences.append([other, "was", FEELINGS[rng.integers(len(FEELINGS))], "."])
        words = [w for i in rng.permutation(len(sentences)) for w in sentences[i]]
        kind = rng.integers(3)
        if kind == 0:
            question, answer = ["where", "is", person, "?"], place
        elif kind == 1:
            question, answer = ["what", "did", person, "pick", "up", "?"], thing
        else:
            question, answer = ["what", "color", "is", "the", thing, "?"], color
        texts.append([WORD_ID[w] for w in words])
        questions.append([WORD_ID[w] for w in question])
        answers.append(WORD_ID[answer])
    return Stories(_pad_front(texts), _pad_front(questions), np.asarray(answers, dtype="int64"))
