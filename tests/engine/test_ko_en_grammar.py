"""The Korean/English grammar behind the ko-en Transformer: particles, word order, reproducibility."""
from engine.train.ko_en_grammar import generate, has_final_consonant, join_korean, obj, split_particles, topic


def test_particles_follow_the_final_consonant():
    assert (topic("나"), topic("선생님"), obj("사과"), obj("책")) == ("는", "은", "를", "을")
    assert has_final_consonant("밥") and not has_final_consonant("커피")


def test_lecture_example_is_in_the_language():
    pairs = {(p.korean, p.english) for p in generate(50_000, seed=0)}
    assert ("나는 학교에 간다", "i go to school") in pairs


def test_split_and_join_are_inverse_and_generation_is_seeded():
    for p in generate(300, seed=1):
        assert split_particles(p.korean) == list(p.korean_tokens)
        assert join_korean(list(p.korean_tokens)) == p.korean
    assert generate(20, seed=5) == generate(20, seed=5)


def test_korean_verb_comes_last_english_verb_second():
    p = next(p for p in generate(200, seed=2) if p.korean_tokens[-1] == "간다" and p.korean_tokens[1] in "은는")
    assert p.english.split()[1] in {"go", "goes"}
