# %% [markdown] key="md-d70b79"
# # Lesson 2 — Multi-input models: question answering
#
# A question-answering model reads two things, a text and a question about it,
# and gives a one-word answer. A `Sequential` model has one input, so it cannot
# even be written down. With the functional API, a model with two inputs is two
# branches that meet.
#
# By the end of this lesson you will be able to:
#
# 1. build a model with two **named** inputs that are encoded separately and
#    then concatenated;
# 2. feed it data as a **list** of arrays or as a **dict** keyed by input name;
# 3. recognise an LSTM that has stopped learning (every input encoded the same)
#    and fix it by starting the output layer from the answers' frequencies;
# 4. judge a result against the right baselines, computed from the data.
#
# **Sources.** Section 7.1.2 of François Chollet's
# [*Deep Learning with Python*](https://www.manning.com/books/deep-learning-with-python)
# (first edition; *케라스 창시자에게 배우는 딥러닝* in Korean), listings 7.1
# and 7.2: the question-answering model and the two ways to feed it. The
# Keras 3 [functional API guide](https://keras.io/guides/functional_api/)
# covers the same in "Models with multiple inputs and outputs".
#
# > **Check cells.** A cell that calls `funclab.claim(...)` checks a claim
# > the text makes and prints it with a ✓. The figure in brackets, where there
# > is one, is the baseline to compare with; in this lesson it is the
# > question-only accuracy computed below. The bound leaves room for the
# > small differences between machines. If you change the code above and a
# > check fails, it says which claim no longer holds and what this run got.

# %% [markdown] key="md-f859f1"
# ## Setup

# %%
import keras
import numpy as np
from keras import layers

import funclab
from funclab.data import make_stories

funclab.seed_everything(0)

# %% [markdown] key="md-a4d307"
# ## The data: stories with a question
#
# The book feeds this model random integers, so nothing can be learned.
# `funclab.data.make_stories` generates short stories instead. Each states
# where someone went, what they picked up and that thing's colour, in shuffled
# order. Most stories (about 70%) also have one distracting sentence about
# someone else, such as "emma was hungry ."; the three below happen to have
# none, but you will meet some at the end of the lesson. The question asks for
# the place, the thing or the colour.

# %%
stories = make_stories(6000)
train, test = stories[:5000], stories[5000:]
for index in range(3):
    print(train.show(index), end="\n\n")

# %% [markdown] key="md-9d1dd8"
# Words are integer ids, 0 is padding (at the front, so the last word an LSTM
# reads is the story's last word):

# %%
print("text:    ", train.text.shape, train.text.dtype)
print("question:", train.question.shape, train.question.dtype)
print("answer:  ", train.answer.shape, "— word ids, for example", train.answer[:5])
print("vocabulary:", len(train.vocabulary), "words, for example", train.vocabulary[1:8])

# %% [markdown] key="md-5454cc"
# ## Listing 7.1: two named inputs, two encoders, one answer
#
# Each input gets its own `Embedding` and `LSTM`: the text is encoded into 32
# numbers, the question into 16. `concatenate` joins the two encodings and a
# softmax over 500 possible answers picks the word. The sizes are the book's:
# vocabularies of 10,000 words, 500 answers (our stories use far fewer; the
# model does not know that).
#
# Both inputs have `shape=(None,)`: a sequence of word ids whose length is
# left open, so stories and questions of any length fit. In the summary,
# `(None, None)` is (batch, length).
#
# We build the model in a function because we will build it twice.

# %%
text_vocabulary_size = 10_000
question_vocabulary_size = 10_000
answer_vocabulary_size = 500


def build_qa_model(answer_bias=None):
    text_input = keras.Input(shape=(None,), dtype="int32", name="text")
    embedded_text = layers.Embedding(text_vocabulary_size, 64, name="text_embedding")(text_input)
    encoded_text = layers.LSTM(32, name="text_lstm")(embedded_text)

    question_input = keras.Input(shape=(None,), dtype="int32", name="question")
    embedded_question = layers.Embedding(question_vocabulary_size, 32, name="question_embedding")(question_input)
    encoded_question = layers.LSTM(16, name="question_lstm")(embedded_question)

    concatenated = layers.concatenate([encoded_text, encoded_question], axis=-1, name="both")
    bias = "zeros" if answer_bias is None else keras.initializers.Constant(answer_bias)
    answer = layers.Dense(answer_vocabulary_size, activation="softmax", bias_initializer=bias, name="answer")(
        concatenated
    )
    model = keras.Model([text_input, question_input], answer, name="question_answering")
    # A second model on the same layers, ending at the text encoding: lets us
    # look at what the text LSTM produces.
    text_encoder = keras.Model(text_input, encoded_text, name="text_encoder")
    return model, text_encoder


model, text_encoder = build_qa_model()
model.summary()

# %% [markdown] key="md-e60be7"
# Two inputs enter at the top, each has its own branch, and the branches meet
# at `both`:

# %%
funclab.graph(model)

# %% [markdown] key="md-ab56d2"
# ## A first try, with the book's model
#
# The book compiles with `rmsprop` and a one-hot `categorical_crossentropy`.
# Our answers are word ids, so `sparse_categorical_crossentropy` does the same
# without building a 5000 × 500 one-hot matrix. We give `rmsprop` a learning
# rate of 0.005 instead of its default 0.001, here and in the second run
# below, so that a few epochs suffice. Between the two runs, the model and the
# optimizer differ in one thing only: the output layer's bias. (The second
# run also trains a little longer.)
#
# The two inputs are fed as `[train.text, train.question]` (a list of arrays,
# one per input, in order; see Listing 7.2 below). Two epochs, with the
# held-out accuracy after each:

# %% tags=["trained"]
model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=5e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
first_try = model.fit(
    [train.text, train.question], train.answer, epochs=2, batch_size=64,
    validation_data=([test.text, test.question], test.answer), verbose=0,
)
print("held-out accuracy by epoch:", [round(value, 2) for value in first_try.history["val_accuracy"]])

# %% [markdown] key="md-ddb7e6"
# It does not rise: it stays at about the level a model reaches by reading
# only the question (computed below). Look at what the text encoder produces
# for 200 different stories. The code takes each of its 32 numbers, measures
# its spread (standard deviation) across the 200 stories, and prints the
# average of the 32 spreads. It also prints what share of all the values lies
# beyond ±0.95, near the ends of the range. (A model can be called on arrays
# like a function; the result is a tensor, which `keras.ops.convert_to_numpy`
# turns into NumPy.)

# %% tags=["trained"]
codes = keras.ops.convert_to_numpy(text_encoder(test.text[:200]))
print(f"spread across stories: {codes.std(axis=0).mean():.4f}")
print(f"saturated (|value| > 0.95): {(np.abs(codes) > 0.95).mean():.0%}")

# %% [markdown] key="md-2a46f4"
# The LSTM encodes every story into nearly the same vector, with its units
# stuck near ±1. It has stopped listening to its input, and the gradient
# through a saturated unit is nearly zero, so it is unlikely to recover (over
# these two epochs its held-out accuracy did not move).
#
# Why? Only 20 of the 500 answers ever occur. At the start every answer gets
# about 1/500 of the probability, so the first thing training does is push the
# 480 never-seen answers down. That push is the same for every example, and
# `rmsprop` turns even a small but consistent gradient into full-size steps:
# the LSTM's weights are driven to wherever those 480 scores go down fastest,
# which saturates it.
#
# ## The fix: start the output where it would go anyway
#
# Set the output layer's bias to the log-frequency of each answer in the
# training data, so the never-seen answers start (and stay) unlikely and no
# early push is needed. `Stories.answer_log_prior` computes that vector.
# Nothing else in the model or the optimizer changes: the same seed, layers,
# learning rate and data. The second run does train a little longer (three
# epochs fed as a list, then one fed as a dict, against two), so compare the
# second epoch of each printout: there the fixed model is already far above
# the first try.

# %%
funclab.seed_everything(0)
model, text_encoder = build_qa_model(answer_bias=train.answer_log_prior(answer_vocabulary_size))
model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=5e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)

# %% [markdown] key="md-a57e66"
# ## Listing 7.2: feeding two inputs, as a list or as a dict
#
# A model with several inputs takes a **list** of arrays, in the order the
# inputs were given to `keras.Model`:

# %%
history_list = model.fit(
    [train.text, train.question],
    train.answer,
    epochs=3,
    batch_size=64,
    validation_data=([test.text, test.question], test.answer),
    verbose=0,
)

# %% [markdown] key="md-c362bd"
# or a **dict** keyed by the inputs' names, which is why we named them `text`
# and `question`. Order no longer matters. Here we continue training the same
# model for one more epoch with dict-fed data. `test.inputs` is the same dict
# for the test stories, `{"text": test.text, "question": test.question}`:

# %%
inputs = {"question": train.question, "text": train.text}
history_dict = model.fit(
    inputs,
    train.answer,
    epochs=1,
    batch_size=64,
    validation_data=(test.inputs, test.answer),
    verbose=0,
)

# %% [markdown] key="md-04bdd0"
# Held-out accuracy after each epoch (the first three fed as a list, the last
# one as a dict), and what the text encoder makes of the 200 stories now:

# %% tags=["trained"]
curve = history_list.history["val_accuracy"] + history_dict.history["val_accuracy"]
print("held-out accuracy by epoch:", [round(value, 2) for value in curve])
codes_after = keras.ops.convert_to_numpy(text_encoder(test.text[:200]))
print(f"spread across stories now: {codes_after.std(axis=0).mean():.2f}")

# %% [markdown] key="md-606d32"
# ## Is that good? Two baselines, from the data
#
# - **Guessing** among the 20 words that can be answers.
# - **Reading only the question.** It tells the kind of answer wanted (a
#   place: "where is ...", an object: "what did ... pick up", a colour: "what
#   color is ..."), and the best a model can do with that alone is to answer
#   the most common word of that kind. Measured on the held-out stories, with
#   the most common words taken from the training stories:

# %%
def question_kind(stories):
    """The question's second word tells its kind: "is", "did" or "color"."""
    return np.array([stories.decode(question).split()[1] for question in stories.question])


train_kinds, test_kinds = question_kind(train), question_kind(test)
most_common = {kind: np.bincount(train.answer[train_kinds == kind]).argmax() for kind in set(train_kinds)}
question_only = float(np.mean([most_common[kind] == answer for kind, answer in zip(test_kinds, test.answer)]))
print(f"guessing: {test.chance_accuracy:.2f}   question only: {question_only:.2f}")

# %% [markdown] key="md-ee5e63"
# A model that ignores the story can reach the second, no more. So the first
# try, which stalled at about that level, had not learned to read; the fixed
# model reads:

# %% tags=["trained"]
_, accuracy = model.evaluate(test.inputs, test.answer, verbose=0)
print(f"held-out accuracy: {accuracy:.2f}")
funclab.claim("first try's best held-out accuracy", max(first_try.history["val_accuracy"]), below=0.3,
              baseline=question_only)
funclab.claim("first try's spread across stories", float(codes.std(axis=0).mean()), below=0.01)
funclab.claim("fixed model's held-out accuracy", accuracy, above=0.8, baseline=question_only)
funclab.claim("fixed model's spread across stories", float(codes_after.std(axis=0).mean()), above=0.1)

# %% [markdown] key="md-dd5496"
# ## Reading some answers
#
# The model outputs 500 probabilities; the answer is the most likely word.
# Compare each `model:` line with the `answer:` line. At the held-out accuracy
# above, about one answer in ten is wrong, so one of these five may well be
# wrong too; when one is, see whether it is at least the kind of word the
# question asks for. The percentage shows how sure the model is.

# %% tags=["trained"]
probabilities = keras.ops.convert_to_numpy(model(test[:5].inputs))
for index, word_id in enumerate(probabilities.argmax(axis=-1)):
    print(test.show(index))
    print(f"model:    {test.vocabulary[word_id]} ({probabilities[index, word_id]:.0%})\n")

# %% [markdown] key="md-cf6dcc"
# ### What this model cannot do
#
# The two encodings are joined by `both` and go through one `Dense` layer,
# which *adds* evidence from the story and from the question. That is enough
# here: in our stories only one person goes somewhere and picks something up,
# so the question only has to say which *kind* of word to take from the story.
# A story in which two people go to different places, asked "where is mary?",
# needs the question to *look something up* in the story, which an addition
# cannot do. Models for that let one input attend to the other (attention
# layers such as `layers.MultiHeadAttention`); the functional API builds them
# the same way, as more branches and merges.

# %% [markdown] key="md-5f39b6"
# ## Summary
#
# - Several inputs are several `keras.Input`s, each with its own branch;
#   `concatenate` (or `add`, ...) joins branches, and
#   `keras.Model([input_a, input_b], output)` lists the inputs in order.
# - Feed a multi-input model a list of arrays in that order, or a dict keyed by
#   the inputs' names (give them `name=`).
# - An LSTM whose outputs no longer vary between inputs has saturated and
#   learns little or nothing. A softmax over many never-seen classes can cause
#   it; starting the output bias at the classes' log-frequencies prevented it
#   here, with nothing else in the model or the optimizer changed.
# - Judge accuracy against baselines computed from the data: guessing, and
#   reading only the question. Only an accuracy far above the second shows
#   that the model reads the story.

# %% [markdown] key="md-90d8ee"
# ## Exercises
#
# Replace each `...` with your answer and run the cell; the check says what
# differs, in your layer names. `funclab.exercise("02.1").hint()` gives a
# hint and `.solution()` a worked solution.
#
# ### Exercise 02.1 · A third input: a hint
#
# Extend Listing 7.1 with a third input named `hint` (word ids, any length,
# `dtype="int32"`), encoded by its own `Embedding(10_000, 16)` and `LSTM(8)`.
# Concatenate the three encodings in the order text, question, hint before
# the `Dense(500, activation="softmax")` answer layer; the model's inputs are
# `[text, question, hint]`, named so.

# %%
# BEGIN STARTER
model = ...  # your three-input model here
# END STARTER
# BEGIN SOLUTION
text_input = keras.Input(shape=(None,), dtype="int32", name="text")
encoded_text = layers.LSTM(32)(layers.Embedding(10_000, 64)(text_input))
question_input = keras.Input(shape=(None,), dtype="int32", name="question")
encoded_question = layers.LSTM(16)(layers.Embedding(10_000, 32)(question_input))
hint_input = keras.Input(shape=(None,), dtype="int32", name="hint")
encoded_hint = layers.LSTM(8)(layers.Embedding(10_000, 16)(hint_input))
merged = layers.concatenate([encoded_text, encoded_question, encoded_hint])
answer = layers.Dense(500, activation="softmax")(merged)
model = keras.Model([text_input, question_input, hint_input], answer)
# END SOLUTION
funclab.exercise("02.1").check(model)

# %% [markdown] key="md-89776c"
# ### Exercise 02.2 · A baseline: always the most common answer
#
# A third baseline ignores both inputs: always answer the most common answer
# word of the training stories. What accuracy does it get on the held-out
# stories (`test`)? Compute it from `train` and `test`.

# %%
# BEGIN STARTER
answer = ...  # a number between 0 and 1
# END STARTER
# BEGIN SOLUTION
most_common = np.bincount(train.answer).argmax()
answer = float((test.answer == most_common).mean())
# END SOLUTION
funclab.exercise("02.2").check(answer)

# %% [markdown] key="md-dd560e"
# ### Exercise 02.3 · A bias that starts at the answers' frequencies
#
# Five classes, and these training labels. Give the five biases `b` for
# which `softmax(b)` equals the labels' frequencies (class 4 never occurs:
# give it a very low value, or `-inf`).

# %%
labels = np.array([3, 3, 1, 0, 3, 1, 2, 3])
# BEGIN STARTER
answer = ...  # five numbers
# END STARTER
# BEGIN SOLUTION
counts = np.bincount(labels, minlength=5) + 1e-6
answer = np.log(counts / counts.sum())
# END SOLUTION
funclab.exercise("02.3").check(answer)

# %% [markdown] key="md-feaff7"
# Your progress in this lesson (in this kernel):

# %%
funclab.progress("02")

# %% [markdown] key="md-898263"
# **Next:** models with more than one *output* (lesson 3).
