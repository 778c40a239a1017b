"""Small models the tests share. Every layer is named, so extracted data and DOT
text do not depend on Keras' session-wide name counters."""

import keras
from keras import layers


def shared_lstm():
    """The seeds' shared LSTM: one LSTM(32) on a left and a right input."""
    lstm = layers.LSTM(32, name="lstm")
    left = keras.Input((None, 128), name="left")
    right = keras.Input((None, 128), name="right")
    merged = layers.concatenate([lstm(left), lstm(right)], name="merged")
    out = layers.Dense(1, activation="sigmoid", name="same_author")(merged)
    return keras.Model([left, right], out, name="shared_lstm")


def shared_conv():
    """One Conv2D(16, 3x3, same) on 32x32x3 and 64x64x3 inputs."""
    small = keras.Input((32, 32, 3), name="small")
    large = keras.Input((64, 64, 3), name="large")
    conv = layers.Conv2D(16, (3, 3), padding="same", name="conv")
    return keras.Model([small, large], [conv(small), conv(large)], name="shared_conv")


def called_three_times():
    x = keras.Input((8,), name="x")
    dense = layers.Dense(8, name="dense")
    return keras.Model(x, dense(dense(dense(x))), name="three_calls")


def inside_outside():
    """A layer used inside a nested model and again outside it."""
    shared = layers.Dense(8, name="shared_dense")
    inner_in = keras.Input((8,), name="inner_in")
    inner = keras.Model(inner_in, layers.Dense(8, name="inner_dense")(shared(inner_in)), name="inner")
    x = keras.Input((8,), name="x")
    return keras.Model(x, shared(inner(x)), name="outer")


def vision_model():
    digit = keras.Input((27, 27, 1), name="digit")
    h = layers.Conv2D(8, 3, name="c1")(digit)
    h = layers.MaxPooling2D(2, name="pool")(h)
    return keras.Model(digit, layers.Flatten(name="flat")(h), name="vision")


def siamese(vision=None):
    """A nested model called twice (the guide's shared vision model, small)."""
    vision = vision or vision_model()
    a = keras.Input((27, 27, 1), name="digit_a")
    b = keras.Input((27, 27, 1), name="digit_b")
    both = layers.concatenate([vision(a), vision(b)], name="both")
    return keras.Model([a, b], layers.Dense(1, activation="sigmoid", name="same")(both), name="siamese")


def two_level_nesting():
    """A Sequential inside a functional model inside another."""
    block = keras.Sequential([keras.Input((4,)), layers.Dense(4, name="block_dense")], name="block")
    mid_in = keras.Input((4,), name="mid_in")
    mid = keras.Model(mid_in, block(mid_in), name="mid")
    top_in = keras.Input((4,), name="top_in")
    return keras.Model(top_in, layers.Dense(2, name="head")(mid(top_in)), name="top")


def dict_fed():
    """A nested model built from a dict of inputs and fed a dict."""
    zeta = keras.Input((4,), name="zeta")
    alpha = keras.Input((3,), name="alpha")
    inner = keras.Model(
        {"zeta": zeta, "alpha": alpha},
        layers.concatenate([zeta, layers.Dense(4, name="grow")(alpha)], name="join"),
        name="inner",
    )
    x = keras.Input((4,), name="x")
    y = keras.Input((3,), name="y")
    return keras.Model([x, y], inner({"zeta": x, "alpha": y}), name="dict_fed")


def raw_ops():
    p = keras.Input((3,), name="p")
    q = keras.Input((3,), name="q")
    return keras.Model([p, q], keras.ops.sigmoid(p + q) * 2.0, name="raw_ops")


def lstm_states():
    """A multi-output layer: an LSTM with return_state=True."""
    seq = keras.Input((5, 3), name="seq_in")
    out, h, c = layers.LSTM(4, return_state=True, name="lstm_s")(seq)
    return keras.Model(seq, [out, layers.Dense(2, name="from_c")(c)], name="states")


def sequential():
    return keras.Sequential([keras.Input((64,)), layers.Dense(32, name="h1"), layers.Dense(10, name="out")], name="seq")


def multi_output():
    posts = keras.Input((None,), dtype="int32", name="posts")
    h = layers.Embedding(100, 8, name="embed")(posts)
    h = layers.GlobalMaxPooling1D(name="pool")(h)
    return keras.Model(
        posts, [layers.Dense(1, name="age")(h), layers.Dense(10, activation="softmax", name="income")(h)], name="heads"
    )


def masked_tagger():
    """A masked sequence tagger: Embedding(mask_zero=True) → Bidirectional LSTM → Dropout → per-step Dense."""
    ids = keras.Input((None,), dtype="int32", name="ids")
    h = layers.Embedding(100, 16, mask_zero=True, name="embed")(ids)
    h = layers.Bidirectional(layers.LSTM(8, return_sequences=True, name="lstm"), name="bidi")(h)
    h = layers.Dropout(0.1, name="drop")(h)
    return keras.Model(ids, layers.TimeDistributed(layers.Dense(5), name="tags")(h), name="tagger")


def attention():
    """MultiHeadAttention with named arguments, dict inputs and dict outputs, one
    of them an input passed through."""
    q = keras.Input((5, 8), name="q")
    v = keras.Input((7, 8), name="v")
    attended = layers.MultiHeadAttention(2, 4, name="mha")(q, v, v)
    return keras.Model({"q": q, "v": v}, {"attention": attended, "passthrough": v}, name="attn")


def time_distributed():
    """A frame encoder applied to every frame of a clip (the guide's video model, small)."""
    frame = keras.Input((8, 8, 1), name="frame")
    encoded = layers.GlobalMaxPooling2D(name="frame_pool")(layers.Conv2D(4, 3, name="frame_conv")(frame))
    encoder = keras.Model(frame, encoded, name="frame_encoder")
    clip = keras.Input((5, 8, 8, 1), name="clip")
    steps = layers.TimeDistributed(encoder, name="every_frame")(clip)
    return keras.Model(clip, layers.LSTM(3, name="clip_lstm")(steps), name="clips")


def vae_style():
    """An encoder called on its own Input inside the outer model (the Input
    appears in both scopes; it has no weights to link)."""
    x = keras.Input((6,), name="x")
    encoder = keras.Model(x, layers.Dense(2, name="code")(x), name="encoder")
    decoded = layers.Dense(6, name="decode")(encoder(x))
    return keras.Model(x, decoded, name="autoencoder")


def blocks():
    """Layers named by blocks, as keras.applications names them."""
    x = keras.Input((8,), name="x")
    h = x
    for block in (1, 2, 3):
        h = layers.Dense(8, name=f"block{block}_dense")(h)
        h = layers.Activation("relu", name=f"block{block}_act")(h)
    return keras.Model(x, layers.Dense(2, name="head")(h), name="blocky")


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__(name="subclassed")
        self.dense = layers.Dense(2)

    def call(self, x):
        return self.dense(x)


ALL = {
    "shared_lstm": shared_lstm,
    "shared_conv": shared_conv,
    "called_three_times": called_three_times,
    "inside_outside": inside_outside,
    "siamese": siamese,
    "two_level_nesting": two_level_nesting,
    "dict_fed": dict_fed,
    "raw_ops": raw_ops,
    "lstm_states": lstm_states,
    "sequential": sequential,
    "multi_output": multi_output,
    "masked_tagger": masked_tagger,
    "attention": attention,
    "time_distributed": time_distributed,
    "vae_style": vae_style,
    "blocks": blocks,
}
