# %% [markdown]
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
# 4. judge a result against the right baselines.

# %% [markdown]
# ## Setup

# %%
import keras
import numpy as np
from keras import layers

import funclab
from funclab.data import make_stories

funclab.seed_everything(0)

# %% [markdown]
# ## The data: stories with a question
#
# The book feeds this model random integers, so nothing can be learned.
# `funclab.data.make_stories` generates short stories instead. Each states
# where someone went, what they picked up and its colour, among shuffled and
# distracting sentences; the question asks for one of the three.

# %%
stories = make_stories(6000)
train, test = stories[:5000], stories[5000:]
for index in range(3):
    print(train.show(index), end="\n\n")

# %% [markdown]
# Words are integer ids, 0 is padding (at the front, so the last word an LSTM
# reads is the story's last word):

# %%
print("text:    ", train.text.shape, train.text.dtype)
print("question:", train.question.shape, train.question.dtype)
print("answer:  ", train.answer.shape, "— word ids, for example", train.answer[:5])
print("vocabulary:", len(train.vocabulary), "words, for example", train.vocabulary[1:8])

# %% [markdown]
# ## Code 7-1: two named inputs, two encoders, one answer
#
# Each input gets its own `Embedding` and `LSTM`: the text is encoded into 32
# numbers, the question into 16. `concatenate` joins the two encodings and a
# softmax over 500 possible answers picks the word. The sizes are the book's:
# vocabularies of 10,000 words, 500 answers (our stories use far fewer; the
# model does not know that).
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

# %% [markdown]
# Two inputs enter at the top, each has its own branch, and the branches meet
# at `both`:

# %%
funclab.graph(model)

# %% [markdown]
# ## A first try, with the book's settings
#
# The book compiles with `rmsprop` and a one-hot `categorical_crossentropy`.
# Our answers are word ids, so `sparse_categorical_crossentropy` does the same
# without building a 5000 × 500 one-hot matrix. One epoch:

# %% tags=["trained"]
model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
first_try = model.fit([train.text, train.question], train.answer, epochs=1, batch_size=64, verbose=0)
print(f"accuracy after one epoch: {first_try.history['accuracy'][0]:.2f}")

# %% [markdown]
# Low, and it stays low if you keep training. Look at what the text encoder
# produces for 200 different stories: the spread of each of its 32 numbers
# across the stories. (A model can be called on arrays like a function; the
# result is a tensor, which `keras.ops.convert_to_numpy` turns into NumPy.)

# %% tags=["trained"]
codes = keras.ops.convert_to_numpy(text_encoder(test.text[:200]))
print(f"spread across stories: {codes.std(axis=0).mean():.4f}")
print(f"saturated (|value| > 0.95): {(np.abs(codes) > 0.95).mean():.0%}")

# %% [markdown]
# The LSTM encodes every story into nearly the same vector, with its units
# stuck at ±1. It has stopped listening to its input, and its gradients
# vanish, so it will not recover.
#
# Why? Only 20 of the 500 answers ever occur. At the start every answer gets
# about 1/500 of the probability, so the first thing training does is push the
# 480 never-seen answers down. That push is the same for every example, and
# `rmsprop` turns even a small but consistent gradient into full-size steps:
# the LSTM's weights are driven to wherever those 480 scores go down fastest,
# which saturates it.
#
# The fix is to start the output layer where it would go anyway: set its bias
# to the log-frequency of each answer in the training data, so the
# never-seen answers start (and stay) unlikely. `Stories.answer_log_prior`
# computes that vector. We also use a learning rate of 0.003 instead of
# `rmsprop`'s default 0.001, so a few epochs are enough.

# %%
funclab.seed_everything(0)
model, text_encoder = build_qa_model(answer_bias=train.answer_log_prior(answer_vocabulary_size))
model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=3e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)

# %% [markdown]
# ## Code 7-2: feeding two inputs, as a list or as a dict
#
# A model with several inputs takes a **list** of arrays, in the order the
# inputs were given to `keras.Model`:

# %%
history_list = model.fit(
    [train.text, train.question],
    train.answer,
    epochs=5,
    batch_size=64,
    validation_data=([test.text, test.question], test.answer),
    verbose=0,
)

# %% [markdown]
# or a **dict** keyed by the inputs' names, which is why we named them `text`
# and `question`. Order no longer matters. Here we continue training the same
# model for two more epochs with dict-fed data:

# %%
inputs = {"question": train.question, "text": train.text}
history_dict = model.fit(
    inputs,
    train.answer,
    epochs=2,
    batch_size=64,
    validation_data=(test.inputs, test.answer),
    verbose=0,
)

# %% [markdown]
# Held-out accuracy after each epoch (the first five fed as a list, the last
# two as a dict):

# %% tags=["trained"]
curve = history_list.history["val_accuracy"] + history_dict.history["val_accuracy"]
print("held-out accuracy by epoch:", [round(value, 2) for value in curve])

# %% [markdown]
# ## Is that good? Two baselines
#
# - **Guessing** among the 20 words that can be answers: 0.05.
# - **Reading only the question**: it tells the kind of answer (a place, an
#   object or a colour), and guessing the most common word of that kind gets
#   about 0.15. A model that ignores the story can reach this, no more.

# %% tags=["trained"]
_, accuracy = model.evaluate(test.inputs, test.answer, verbose=0)
print(f"held-out accuracy: {accuracy:.2f}   (guessing: {test.chance_accuracy:.2f}, question only: about 0.15)")
codes = keras.ops.convert_to_numpy(text_encoder(test.text[:200]))
print(f"spread across stories now: {codes.std(axis=0).mean():.2f}")

# %%
assert accuracy > 0.8, f"expected far above the 0.15 of reading only the question, got {accuracy:.2f}"

# %% [markdown]
# ## Reading some answers
#
# The model outputs 500 probabilities; the answer is the most likely word.

# %% tags=["trained"]
probabilities = keras.ops.convert_to_numpy(model(test[:5].inputs))
for index, word_id in enumerate(probabilities.argmax(axis=-1)):
    print(test.show(index))
    print(f"model:    {test.vocabulary[word_id]} ({probabilities[index, word_id]:.0%})\n")

# %% [markdown]
# ### What this model cannot do
#
# The two encodings meet in one `Dense` layer, which *adds* evidence from the
# story and from the question. That is enough here, because the question only
# has to say which *kind* of word to take from the story. A story with two
# people and the question "where is mary?" needs the question to *look
# something up* in the story, which an addition cannot do. Models for that
# let one input attend to the other; the functional API builds them the same
# way, as more branches and merges.

# %% [markdown]
# ## Summary
#
# - Several inputs are several `keras.Input`s, each with its own branch;
#   `concatenate` (or `add`, ...) joins branches, and
#   `keras.Model([input_a, input_b], output)` lists the inputs in order.
# - Feed a multi-input model a list of arrays in that order, or a dict keyed by
#   the inputs' names (give them `name=`).
# - An LSTM whose outputs no longer vary between inputs has saturated and will
#   not learn. A softmax over many never-seen classes can cause it; starting
#   the output bias at the classes' log-frequencies prevents it.
# - Judge accuracy against baselines: guessing gives 0.05 and ignoring the
#   story about 0.15, so only an accuracy far above 0.15 shows the model reads.
#
# Next: models with more than one *output* (lesson 3).
