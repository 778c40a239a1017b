# %% [markdown]
# # Lesson 3 — Multi-output models: one post, three predictions
#
# From one social-media post, predict its author's **age** (a number),
# **income group** (one of ten) and **gender** (one of two). One model with
# three *heads* shares what it learns about the text, and each head gets its
# own loss. Training minimises one number, so the three losses are added, and
# how much each one counts (its **loss weight**) decides what the model learns.
#
# By the end of this lesson you will be able to:
#
# 1. build a model with several named outputs;
# 2. give each output its own loss, as a list or a dict, and weight them;
# 3. fit with targets as a list or a dict, and read Keras 3's per-head logs;
# 4. explain, with numbers, why unbalanced losses starve a head, and explore
#    weights interactively with the loss-balance widget;
# 5. build the guide's model with two inputs, two outputs and an auxiliary
#    loss.

# %% [markdown]
# ## Setup

# %%
import warnings

import keras
import matplotlib.pyplot as plt
from keras import layers

import funclab
from funclab.data import make_headlines, make_posts
from funclab.examples import POSTS_LOSSES, compact_posts_model
from funclab import plot_runs

funclab.seed_everything(0)

# %% [markdown]
# ## Code 7-3: the book's three-headed post model
#
# The post is a sequence of word ids. One trunk reads it: an embedding of a
# 50,000-word vocabulary, five 1D convolutions with two poolings, a global max
# pooling and a dense layer. Three heads branch off the last trunk layer, each
# **named**, because the names are how losses, weights and targets find their
# head.

# %%
vocabulary_size = 50_000
num_income_groups = 10

posts_input = keras.Input(shape=(None,), dtype="int32", name="posts")
x = layers.Embedding(vocabulary_size, 256)(posts_input)
x = layers.Conv1D(128, 5, activation="relu")(x)
x = layers.MaxPooling1D(5)(x)
x = layers.Conv1D(256, 5, activation="relu")(x)
x = layers.Conv1D(256, 5, activation="relu")(x)
x = layers.MaxPooling1D(5)(x)
x = layers.Conv1D(256, 5, activation="relu")(x)
x = layers.Conv1D(256, 5, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(128, activation="relu")(x)

age_prediction = layers.Dense(1, name="age")(x)
income_prediction = layers.Dense(num_income_groups, activation="softmax", name="income")(x)
gender_prediction = layers.Dense(1, activation="sigmoid", name="gender")(x)

book_model = keras.Model(posts_input, [age_prediction, income_prediction, gender_prediction], name="posts")
print(f"{book_model.count_params():,} parameters")

# %% [markdown]
# One input, one trunk, three outputs (green):

# %%
funclab.graph(book_model, rankdir="LR")

# %% [markdown]
# Each 5-wide convolution shortens the sequence by 4 and each pooling divides
# it by 5, so a post needs at least 269 words for anything to reach the last
# convolution. `make_posts` can make posts of that size: each carries a few
# *marker* words that depend on its author, among ordinary words.

# %%
book_posts = make_posts(64, length=300, vocabulary_size=vocabulary_size)
print(book_posts.show(0))

# %% [markdown]
# ## Code 7-4: one loss per output
#
# Age is a regression (mean squared error), income a 10-way classification
# (cross-entropy; our labels are integers, so the *sparse* version), gender a
# binary one. Give the losses as a list in the order of the outputs, or as a
# dict keyed by output name; the two compile the same model.

# %%
book_model.compile(optimizer="rmsprop", loss=["mse", "sparse_categorical_crossentropy", "binary_crossentropy"])
book_model.compile(
    optimizer="rmsprop",
    loss={"age": "mse", "income": "sparse_categorical_crossentropy", "gender": "binary_crossentropy"},
)

# %% [markdown]
# ## Code 7-5: loss weights, and why
#
# Training minimises the total `w_age·age_loss + w_income·income_loss +
# w_gender·gender_loss`. If one loss is far larger than the others, the
# shared trunk learns whatever lowers *that* loss, and the other heads get
# features that were never meant for them. The book's argument: an age MSE is
# typically 3–5 while a well-trained cross-entropy is near 0.1, so weight
# the MSE by 0.25 and the gender cross-entropy by 10 to bring them to about 1.

# %%
book_model.compile(
    optimizer="rmsprop",
    loss=["mse", "sparse_categorical_crossentropy", "binary_crossentropy"],
    loss_weights=[0.25, 1.0, 10.0],
)
book_model.compile(
    optimizer="rmsprop",
    loss={"age": "mse", "income": "sparse_categorical_crossentropy", "gender": "binary_crossentropy"},
    loss_weights={"age": 0.25, "income": 1.0, "gender": 10.0},
)

# %% [markdown]
# Those are *trained* scales. Here is where the losses of the untrained model
# start on these posts: the age head outputs numbers near 0 for people aged
# 18 to 68.

# %% tags=["trained"]
start = book_model.evaluate(book_posts.posts, book_posts.targets, verbose=0, return_dict=True)
for name in ("age_loss", "income_loss", "gender_loss", "loss"):
    print(f"{name:12s} {start[name]:10.2f}")

# %% [markdown]
# Even weighted by 0.25, the age loss is almost all of the total at the start.
# The weights that balance trained losses do not balance starting ones; keep
# that in mind for the experiment below.
#
# > **Keras 3.** The logs hold each head's loss **unweighted** (`age_loss`,
# > `income_loss`, `gender_loss`) next to the weighted total `loss`: check
# > that `0.25·age_loss + income_loss + 10·gender_loss` is the total.

# %% tags=["trained"]
weighted_total = 0.25 * start["age_loss"] + start["income_loss"] + 10 * start["gender_loss"]
print(f"weighted sum {weighted_total:.2f}, logged total {start['loss']:.2f}")

# %% [markdown]
# ## Code 7-6: fitting with a list or a dict of targets
#
# In the book this cell fails with `NameError: name 'posts' is not defined`:
# the data were never made. Ours exist. Targets go in the order of the outputs
# as a list, or by name as a dict. One epoch each on 64 posts is enough to see
# both calls work; this 14-million-parameter model takes about 20 seconds per
# epoch over 2,000 posts on two CPU cores, so the real experiment below uses a
# compact model.

# %% tags=["nbval-ignore-output"]
as_list = [book_posts.age, book_posts.income, book_posts.gender]
history = book_model.fit(book_posts.posts, as_list, epochs=1, batch_size=32, verbose=2)
history = book_model.fit(book_posts.posts, book_posts.targets, epochs=1, batch_size=32, verbose=2)

# %% [markdown]
# ## An experiment that trains: does weighting matter?
#
# `funclab.examples.compact_posts_model` has the same three heads on a smaller
# trunk (an embedding, one convolution, global max pooling, one dense layer)
# and trains in about two seconds on 100-word posts. One change: its age head
# starts at the mean age, so the age loss starts at the ages' variance
# (a few hundred) instead of about 2,000.

# %%
posts = make_posts(2000, length=100, vocabulary_size=2000)
train, val = posts[:1500], posts[1500:]
mean_age = float(train.age.mean())
funclab.graph(compact_posts_model(2000, mean_age))

# %% [markdown]
# `funclab.LossBalance` trains that model with given loss weights, always from
# the same starting weights and with the same shuffles, and keeps every run.
# (Under the hood it is `compile(loss_weights=...)`; it compiles once and
# changes the weights between runs, which saves seconds per run.)

# %% tags=["trained"]
experiment = funclab.LossBalance(
    lambda: compact_posts_model(2000, mean_age),
    x=train.posts,
    y=train.targets,
    losses=POSTS_LOSSES,
    validation=(val.posts, val.targets),
)
print({head: round(loss, 2) for head, loss in experiment.initial_losses().items()})

# %% [markdown]
# The starting losses differ by a factor of 300. Two runs: equal weights,
# then the book's weights.

# %% tags=["trained"]
equal = experiment.run({"age": 1, "income": 1, "gender": 1})
book = experiment.run({"age": 0.25, "income": 1, "gender": 10})
experiment.compare()

# %% [markdown]
# With equal weights the gender head ends at chance (0.5): the trunk learned
# what the age loss wanted. The book's weights give gender a voice and it
# learns, while age barely suffers. The figure shows the loss per head and
# each head's share of the weighted total at the end:

# %%
plot_runs(experiment)

# %% [markdown]
# The income head learned in neither run: the book's weights did not give it
# enough. Weights are not universal numbers; they depend on the losses'
# scales *on your data*. Two more ideas, tried in code before you try your own
# in the widget:
#
# - raise income's weight to 5;
# - weights that make every head *start* by contributing 1 to the total, that
#   is 1 / its starting loss (`experiment.propose_weights()`).

# %% tags=["trained"]
experiment.run({"age": 0.25, "income": 5, "gender": 10})
experiment.run(experiment.propose_weights())
experiment.compare()

# %%
plot_runs(experiment)

# %% [markdown]
# With income at 5, all three heads learn. The proposed weights make income
# and gender learn best but starve age: its loss never falls, so it still
# drives most of the total at the end (the bars), yet with a weight of 0.005
# its gradient has too little say over the *shared* layers, which learn what
# income and gender need. Balancing the *start* is not balancing the
# *training*.

# %%
equal, book, income_5, proposed = experiment.runs
assert equal.val_metric["gender"] < 0.6, "with equal weights gender should stay near chance (0.5)"
assert max(equal.val_metric["income"], book.val_metric["income"]) < 0.2, "income should not learn in either run"
assert book.val_metric["gender"] > 0.9, "the book's weights should let gender learn"
assert book.val_loss["age"] < 2 * equal.val_loss["age"], "the book's weights should not cost age much"
assert income_5.val_metric["income"] > 0.4, "income should learn with weight 5 (guessing: 0.1)"
assert income_5.val_metric["gender"] > 0.9 and income_5.val_loss["age"] < 20, "all three heads should learn"
assert proposed.val_loss["age"] > 100, "equalising the starting losses should starve age"
assert proposed.shares()["age"] > 0.5, "age's loss should still be most of the weighted total"

# %% [markdown]
# ## Your turn: the loss-balance widget
#
# One slider per head (log scale), presets, and a Train button: each run takes
# about two seconds and is added to the figure and the table. Things to try:
# how low can age's weight go before the age error grows? Is there a weight
# for income that does not hurt gender?

# %% tags=["trained"]
funclab.LossBalanceView(experiment, presets={"the book's": {"age": 0.25, "income": 1, "gender": 10}})

# %% [markdown]
# ## The guide's headline model: two inputs, two outputs
#
# The Keras guide predicts whether a news headline will be popular from its
# words (100 word ids) *and* from auxiliary data (5 numbers, such as the hour
# it was posted). The LSTM's encoding of the words feeds an **auxiliary
# output** directly, which makes the LSTM and embedding learn from the words
# even though the main output also sees the auxiliary data. Its loss counts
# 0.2 of the main one.

# %%
main_input = keras.Input(shape=(100,), dtype="int32", name="main_input")
x = layers.Embedding(output_dim=512, input_dim=10_000)(main_input)
lstm_out = layers.LSTM(32)(x)
auxiliary_output = layers.Dense(1, activation="sigmoid", name="aux_output")(lstm_out)

auxiliary_input = keras.Input(shape=(5,), name="aux_input")
x = layers.concatenate([lstm_out, auxiliary_input])
x = layers.Dense(64, activation="relu")(x)
x = layers.Dense(64, activation="relu")(x)
x = layers.Dense(64, activation="relu")(x)
main_output = layers.Dense(1, activation="sigmoid", name="main_output")(x)

headline_model = keras.Model(
    inputs=[main_input, auxiliary_input], outputs=[main_output, auxiliary_output], name="headlines"
)
funclab.graph(headline_model)

# %% [markdown]
# > **Keras 2 → Keras 3.** The guide writes `Embedding(..., input_length=100)`;
# > Keras 3 only warns and ignores it (the input's shape already says 100):

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    layers.Embedding(output_dim=512, input_dim=10_000, input_length=100)
print(f"{caught[0].category.__name__}: {caught[0].message}")

# %% [markdown]
# The data: `make_headlines` makes headlines whose popularity depends on some
# "hot" and "cold" words *and* on the auxiliary features, so the words alone
# can predict it only in part.

# %%
headlines = make_headlines(1500)
head_train, head_test = headlines[:1200], headlines[1200:]
lengths = (head_train.headline != 0).sum(axis=1)
print(f"{len(head_train)} headlines of {lengths.min()} to {lengths.max()} words, padded to 100 ids")
print(f"popular: {head_train.popular.mean():.0%}; auxiliary features: {head_train.extra.shape}")

# %% [markdown]
# > **Keras 2 → Keras 3.** The guide compiles with *one* loss for both outputs
# > and two weights: `loss='binary_crossentropy', loss_weights=[1., 0.2]`.
# > Keras 3 still applies one loss to every output, but refuses to combine it
# > with per-output weights. `compile` accepts it; the error comes when the
# > loss is first computed:

# %%
headline_model.compile(optimizer="rmsprop", loss="binary_crossentropy", loss_weights=[1.0, 0.2])
try:
    headline_model.evaluate([head_test.headline[:8], head_test.extra[:8]], [head_test.popular[:8]] * 2, verbose=0)
except ValueError as error:
    print(f"ValueError: {error}")

# %% [markdown]
# Give one loss per output instead:

# %%
headline_model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=3e-3),
    loss=["binary_crossentropy", "binary_crossentropy"],
    loss_weights=[1.0, 0.2],
    metrics=["accuracy", "accuracy"],
)
history = headline_model.fit(
    [head_train.headline, head_train.extra],
    [head_train.popular, head_train.popular],
    epochs=2,
    batch_size=64,
    verbose=0,
)

# %% [markdown]
# Both outputs predict the same label. About half of the headlines are
# popular, so guessing gives 0.5.

# %% tags=["trained"]
results = headline_model.evaluate(
    {"main_input": head_test.headline, "aux_input": head_test.extra},
    {"main_output": head_test.popular, "aux_output": head_test.popular},
    verbose=0,
    return_dict=True,
)
print(f"main output (words + auxiliary data): accuracy {results['main_output_accuracy']:.2f}")
print(f"auxiliary output (words only):        accuracy {results['aux_output_accuracy']:.2f}")

# %%
assert results["main_output_accuracy"] > 0.8 and results["aux_output_accuracy"] > 0.6, results
assert results["main_output_accuracy"] > results["aux_output_accuracy"]

# %% [markdown]
# The words alone get part of the way; with the auxiliary data the main output
# gets further. Inputs and targets can be dicts keyed by name here too.

# %% [markdown]
# ## Summary
#
# - Several outputs are several tensors in `keras.Model(inputs, [out_a, out_b])`;
#   name the output layers, because losses, weights and targets refer to them.
# - `compile(loss=...)` takes one loss per output, as a list in output order
#   or a dict by name; `loss_weights` the same. `fit` takes targets the same
#   two ways.
# - Keras 3 logs each head's unweighted loss (`age_loss`, ...) and the weighted
#   total (`loss`). It no longer combines a single loss with per-output
#   weights, and it ignores `Embedding(input_length=...)`.
# - Training follows the largest weighted loss. Weights set for trained scales
#   (the book's [0.25, 1, 10]) fixed the gender head here but not income;
#   equalising the starting losses starved age. Measure per-head results and
#   adjust: that is what the widget is for.
#
# Next: graphs of layers inside a model — Inception modules (lesson 4).
