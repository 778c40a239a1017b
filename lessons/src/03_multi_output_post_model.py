# %% [markdown] key="md-4507f5"
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
#
# **Sources.** Section 7.1.3 of François Chollet's
# [*Deep Learning with Python*](https://www.manning.com/books/deep-learning-with-python)
# (first edition; *케라스 창시자에게 배우는 딥러닝* in Korean), listings 7.3 to
# 7.6: the three-headed post model, its losses, loss weights and targets; and
# the Keras 2 functional API guide's "multi-input and multi-output models"
# example (the headline model), in its 2017 Korean translation on CodeOnWeb
# (Park Jonghyun, "[시작하기] 함수형 API 가이드"; today's guide: [keras.io/guides/functional_api](https://keras.io/guides/functional_api/)).
#
# > **Check cells.** A cell that calls `funclab.claim(...)` checks a claim
# > the text makes and prints it with a ✓. Its bound leaves room for the
# > small differences between machines; if you change the code above and a
# > check fails, it says which claim no longer holds and what this run got.

# %% [markdown] key="md-e82ad3"
# ## Setup

# %%
import warnings

import keras
from keras import layers

import funclab
from funclab.data import make_headlines, make_posts
from funclab.examples import POSTS_LOSSES, compact_posts_model
from funclab import plot_runs

funclab.seed_everything(0)

# %% [markdown] key="md-739b86"
# ## Listing 7.3: the book's three-headed post model
#
# The post is a sequence of word ids. One trunk reads it: an embedding of a
# 50,000-word vocabulary, five 1D convolutions with two poolings, a global max
# pooling and a dense layer. Three heads branch off the last trunk layer, each
# **named**, because the names are how losses, weights and targets find their
# head. (The English edition writes `Embedding(256, vocabulary_size)`, with
# the arguments swapped: the vocabulary size comes first, then the size of
# each word's vector. The Korean translation has them in the right order.)

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

# %% [markdown] key="md-694738"
# One input, one trunk, three outputs (green):

# %%
funclab.graph(book_model, rankdir="LR")

# %% [markdown] key="md-f27a91"
# Each 5-wide convolution shortens the sequence by 4 and each pooling divides
# it by 5 (rounding down), so a post needs at least 269 words for the last
# convolution to produce any output. `make_posts` can make posts of that size:
# each carries a few *marker* words that depend on its author, among ordinary
# words.

# %%
book_posts = make_posts(32, length=300, vocabulary_size=vocabulary_size)
print(book_posts.show(0))

# %% [markdown] key="md-ecec24"
# ## Listing 7.4: one loss per output
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

# %% [markdown] key="md-4b0dd0"
# ## Listing 7.5: loss weights, and why
#
# Training minimises the total `w_age·age_loss + w_income·income_loss +
# w_gender·gender_loss`. The book's argument: if one loss is far larger than
# the others, the shared trunk learns whatever lowers *that* loss, and the
# other heads get features that were never meant for them. An age MSE is
# typically 3–5 while a well-trained cross-entropy is near 0.1, so the book
# weights the MSE by 0.25 and the gender cross-entropy by 10 to bring both to
# about 1. The experiment below puts this to the test.

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

# %% [markdown] key="md-c7cddf"
# Those are *trained* scales. Here is where the losses of the untrained model
# start on these posts: the age head outputs numbers near 0 for people aged
# 18 to 68.

# %% tags=["trained"]
start = book_model.evaluate(book_posts.posts, book_posts.targets, verbose=0, return_dict=True)
for name in ("age_loss", "income_loss", "gender_loss", "loss"):
    print(f"{name:12s} {start[name]:10.2f}")

# %% [markdown] key="md-cb2072"
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

# %% [markdown] key="md-9a5792"
# ## Listing 7.6: fitting with a list or a dict of targets
#
# Run as printed in the book, this listing fails with `NameError: name 'posts'
# is not defined`: the data were never made. Ours exist. Targets go in the
# order of the outputs as a list, or by name as a dict. One epoch each on 32
# posts is enough to see both calls work. Training this 14-million-parameter
# model on thousands of posts is a job for a long session; the experiment
# below uses a compact model instead.

# %% tags=["nbval-ignore-output"]
as_list = [book_posts.age, book_posts.income, book_posts.gender]
history = book_model.fit(book_posts.posts, as_list, epochs=1, batch_size=32, verbose=2)
history = book_model.fit(book_posts.posts, book_posts.targets, epochs=1, batch_size=32, verbose=2)

# %% [markdown] key="md-7743e2"
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

# %% [markdown] key="md-fda31e"
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

# %% [markdown] key="md-bf9588"
# The starting losses differ by a factor of about 300. Two runs: equal weights,
# then the book's weights.

# %% tags=["trained"]
equal = experiment.run({"age": 1, "income": 1, "gender": 1})
book = experiment.run({"age": 0.25, "income": 1, "gender": 10})
experiment.compare()

# %% [markdown] key="md-93db8b"
# With equal weights the gender head ends at chance (0.5). The book's weights,
# which multiply gender's loss by 10, give it a larger say and it learns,
# while age barely suffers. The figure shows the training loss per head and,
# in bars, each head's share of the weighted total in the last epoch:

# %% tags=["trained"]
plot_runs(experiment)

# %% [markdown] key="md-6be21f"
# The age loss falls from about 200 in the first epoch to about ten or less
# by the third. The age head starts at the mean age, so its error starts at the
# ages' variance; it falls only as the shared layers learn to respond to the
# words that carry the author's age. The per-epoch numbers behind the curves:

# %% tags=["trained"]
for run in (equal, book):
    print(f"run #{run.number}  age loss by epoch:", [round(value, 1) for value in run.loss["age"]])

# %% [markdown] key="md-6de8d7"
# The income head learned in neither run: the book's weights did not give it
# enough. Yet in run #2 income has the largest share of the weighted total
# (the bars): a large share in the last epoch mostly marks a head that failed
# to learn, not one that drove the training. Weights are not universal
# numbers; they depend on the losses' scales *on your data*. Two more ideas,
# tried in code before you try your own in the widget:
#
# - raise income's weight to 5;
# - weights that make every head *start* by contributing 1 to the total, that
#   is 1 / its starting loss (`experiment.propose_weights()`).

# %% tags=["trained"]
experiment.run({"age": 0.25, "income": 5, "gender": 10})
experiment.run(experiment.propose_weights())
experiment.compare()

# %% tags=["trained"]
plot_runs(experiment)

# %% [markdown] key="md-15a10b"
# With income at 5, all three heads learn. The proposed weights make income
# and gender learn best but starve age: its loss never falls, so it still
# makes up most of the total at the end (the bars), yet with a weight of about
# 0.005 (the table shows it) its gradient has too little say over the *shared*
# layers, which learn what income and gender need. Balancing the *start* is
# not balancing the *training*.

# %% tags=["trained"]
equal, book, income_5, proposed = experiment.runs
funclab.claim("equal weights: gender accuracy", equal.val_metric["gender"], below=0.6, baseline=0.5)
funclab.claim("best income accuracy of the first two runs", max(equal.val_metric["income"], book.val_metric["income"]),
              below=0.2, baseline=0.1)
funclab.claim("book's weights: gender accuracy", book.val_metric["gender"], above=0.9, baseline=0.5)
funclab.claim("book's / equal weights' age error", book.val_loss["age"] / equal.val_loss["age"], below=2)
funclab.claim("income at 5: income accuracy", income_5.val_metric["income"], above=0.4, baseline=0.1)
funclab.claim("income at 5: gender accuracy", income_5.val_metric["gender"], above=0.9, baseline=0.5)
funclab.claim("income at 5: age error (MSE)", income_5.val_loss["age"], below=20)
funclab.claim("proposed weights: age error (MSE)", proposed.val_loss["age"], above=100)
funclab.claim("proposed minus income-at-5 income accuracy",
              proposed.val_metric["income"] - income_5.val_metric["income"], above=0.05)
funclab.claim("proposed weights: age's share of the total", proposed.shares()["age"], above=0.5)

# %% [markdown] key="md-9b78d5"
# ## Your turn: the loss-balance widget
#
# One slider per head (log scale), presets, and a Train button: each run takes
# about two seconds and is added to the figure and the table. Things to try:
# how low can age's weight go before the age error grows? Is there a weight
# for income that does not hurt gender?

# %% tags=["trained"]
funclab.LossBalanceView(experiment, presets={"the book's": {"age": 0.25, "income": 1, "gender": 10}})

# %% [markdown] key="md-d5f17c"
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

# %% [markdown] key="md-c9e999"
# > **Keras 2 → Keras 3.** The guide writes `Embedding(..., input_length=100)`;
# > Keras 3 only warns and ignores it (the input's shape already says 100):

# %%
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    layers.Embedding(output_dim=512, input_dim=10_000, input_length=100)
print(f"{caught[0].category.__name__}: {caught[0].message}")

# %% [markdown] key="md-ca6bf8"
# The data: `make_headlines` makes headlines whose popularity depends on some
# "hot" and "cold" words *and* on the auxiliary features, so the words alone
# can predict it only in part.

# %%
headlines = make_headlines(1200)
head_train, head_test = headlines[:960], headlines[960:]
lengths = (head_train.headline != 0).sum(axis=1)
print(f"{len(head_train)} headlines of {lengths.min()} to {lengths.max()} words, padded to 100 ids")
print(f"popular: {head_train.popular.mean():.0%}; auxiliary features: {head_train.extra.shape}")

# %% [markdown] key="md-66ae15"
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

# %% [markdown] key="md-7ed4a4"
# Give one loss per output instead:

# %%
headline_model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=5e-3),
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

# %% [markdown] key="md-6dc164"
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

# %% tags=["trained"]
funclab.claim("main output's accuracy", results["main_output_accuracy"], above=0.75, baseline=0.5)
funclab.claim("auxiliary output's accuracy", results["aux_output_accuracy"], above=0.58, baseline=0.5)
funclab.claim("main minus auxiliary accuracy", results["main_output_accuracy"] - results["aux_output_accuracy"], above=0.05)

# %% [markdown] key="md-d051ae"
# The words alone get part of the way; with the auxiliary data the main output
# gets further. Inputs and targets can be dicts keyed by name here too.

# %% [markdown] key="md-d582f8"
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
# - A head's weighted loss is not its say in training. Here, weights chosen
#   for trained scales (the book's [0.25, 1, 10]) fixed gender but not income,
#   and equalising the starting losses starved age. Measure each head's
#   results and adjust: that is what the widget is for.

# %% [markdown] key="md-f6ec17"
# ## Exercises
#
# Replace each `...` with your answer and run the cell; the check says what
# differs, in your layer names. `funclab.exercise("03.1").hint()` gives a
# hint and `.solution()` a worked solution.
#
# ### Exercise 03.1 · A fourth head: the post's topic
#
# Build the compact post model again, with a fourth head: the input
# `keras.Input(shape=(None,), dtype="int32", name="posts")`, then
# `Embedding(2000, 32)`, `Conv1D(32, 3, activation="relu")`,
# `GlobalMaxPooling1D` and the shared `Dense(64, activation="relu")`; on that
# shared layer the heads `age` (`Dense(1)`), `income` (`Dense(10,
# activation="softmax")`), `gender` (`Dense(1, activation="sigmoid")`) and
# the new `topic` (`Dense(5, activation="softmax")`), each named as its head.
# The model's outputs are age, income, gender, topic, in that order.

# %%
# BEGIN STARTER
model = ...  # your four-headed model here
# END STARTER
# BEGIN SOLUTION
words = keras.Input(shape=(None,), dtype="int32", name="posts")
x = layers.Embedding(2000, 32)(words)
x = layers.Conv1D(32, 3, activation="relu")(x)
x = layers.GlobalMaxPooling1D()(x)
x = layers.Dense(64, activation="relu")(x)
age = layers.Dense(1, name="age")(x)
income = layers.Dense(10, activation="softmax", name="income")(x)
gender = layers.Dense(1, activation="sigmoid", name="gender")(x)
topic = layers.Dense(5, activation="softmax", name="topic")(x)
model = keras.Model(words, [age, income, gender, topic])
# END SOLUTION
funclab.exercise("03.1").check(model)

# %% [markdown] key="md-5bc179"
# ### Exercise 03.2 · Loss weights that balance two heads
#
# A two-headed post model (a smaller version of the compact trunk, with the
# `age` and `gender` heads only, on 600 other posts) trains for two epochs
# with the weights you give, from the same starting weights each time. Its
# age MSE starts near 200 and its gender cross-entropy near 0.7. Find
# weights under which the two heads' *weighted* training losses in the
# second epoch are within a factor of 2 of each other. The check trains the
# model (a few seconds) and says how far apart they are; then read what it
# says about age.

# %%
# BEGIN STARTER
answer = ...  # a dict, {"age": ..., "gender": ...}
# END STARTER
# BEGIN SOLUTION
answer = {"age": 0.003, "gender": 1.0}
# END SOLUTION
funclab.exercise("03.2").check(answer)

# %% [markdown] key="md-7c8c2e"
# ### Exercise 03.3 · The total loss Keras logs
#
# After an epoch Keras 3 logged `age_loss` 24.0, `income_loss` 2.0 and
# `gender_loss` 0.5 for a model compiled with `loss_weights={"age": 0.25,
# "income": 1.0, "gender": 10.0}`. What `loss` did it log?

# %%
# BEGIN STARTER
answer = ...  # a number
# END STARTER
# BEGIN SOLUTION
answer = 0.25 * 24.0 + 1.0 * 2.0 + 10.0 * 0.5
# END SOLUTION
funclab.exercise("03.3").check(answer)

# %% [markdown] key="md-a2d2a1"
# Your progress in this lesson (in this kernel):

# %%
funclab.progress("03")

# %% [markdown] key="md-caa6bb"
# **Next:** graphs of layers inside a model, Inception modules (lesson 4).
