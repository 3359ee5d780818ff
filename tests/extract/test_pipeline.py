"""The whole pipeline on small texts, with the real spaCy model."""

from aikb.extract import Dictionary, analyse, extract, load_lexicon

LEXICON = Dictionary(load_lexicon()[0])


def _entities(text: str) -> dict[str, tuple[str, list[str]]]:
    ex = extract(analyse(text), LEXICON)
    return {e.title: (e.type, e.aliases) for e in ex.entities}


def test_people_companies_concepts_and_acronyms():
    found = _entities(
        "SOURCE: https://example.com/news\nThis week in AI\n\n"
        "Ilya Sutskever, the co-founder of OpenAI, has announced the launch of Safe "
        "Superintelligence Inc. (or SSI). Sutskever said that SSI will build safe "
        "superintelligence. SSI will not ship large language models for years.\n"
    )
    assert found["Ilya Sutskever"] == ("person", ["Sutskever"])
    assert found["OpenAI"][0] == "company"
    assert found["Safe Superintelligence Inc."] == ("company", ["SSI"])
    assert found["large language model"][0] == "concept"
    assert "Sutskever" not in found and "SSI" not in found


def test_a_text_with_no_entities():
    ex = extract(analyse("A quiet week\n\nNothing much happened. We went for a walk.\n"), LEXICON)
    assert ex.entities == []
    assert ex.title == "A quiet week"


def test_peripheral_mentions_do_not_become_entities():
    found = _entities(
        "Pruning news\n\nResearchers proposed a new method of pruning convolutional neural "
        "networks. Here is an ugly analogy: take the middle bun out of a Big Mac and you "
        "get two patties from McDonald's.\n"
    )
    assert "convolutional neural network" in found
    assert "pruning" in found
    assert not {"Big Mac", "McDonald", "McDonald's"} & set(found)


def test_named_terms_and_paper_titles():
    found = _entities(
        "Newsletter\n\nDeepMind built a way to sample faster. The 'speculative sampling' "
        "approach uses a draft model and a benchmark called XSum to test it.\n"
        "Read more: Accelerating Large Language Model Decoding with Speculative Sampling (arXiv).\n"
    )
    assert found["speculative sampling"][0] == "concept"
    assert found["XSum"][0] == "concept"
    title = "Accelerating Large Language Model Decoding with Speculative Sampling"
    assert found[title][0] == "paper"


def test_vault_names_link_and_vault_types_win():
    from aikb.extract.model import Known

    vault = Known("note:gemma", "Gemma", "paper", ("Gemma", "Gemma 2"), (), "gemma")
    d = Dictionary([vault, *load_lexicon()[0]])
    ex = extract(analyse("T\n\nGoogle released Gemma 2 today, an open model.\n"), d)
    gemma = [e for e in ex.entities if e.note == "gemma"]
    assert [(e.title, e.type) for e in gemma] == [("Gemma", "paper")]


def test_the_publications_own_name_and_sentence_starters_are_not_entities():
    found = _entities(
        "Welcome to Import AI, a newsletter about artificial intelligence.\n\n"
        "If AI models run on phones, Apple wins. The Elman network was an early recurrent "
        "neural network. DeepMind released a paper on it (Import AI 290).\n"
    )
    assert "Import AI" not in found and "If AI" not in found
    assert found["Elman network"][0] == "concept"
    assert found["recurrent neural network"][0] == "concept"


def test_typing_cues_around_names():
    found = _entities(
        "Prizes\n\nThe prize went to John Hopfield and Geoffrey Hinton for neural networks. "
        "Hopfield, a physicist at Princeton University, described an associative memory. "
        "Meta unveiled Movie Gen, a 30B-parameter model that generates video with deep "
        "learning. Critics of machine learning such as Fei-Fei Li said so. David Baker of "
        "the University of Washington works on deep learning for proteins.\n"
    )
    assert found["John Hopfield"][0] == "person"
    assert found["Movie Gen"][0] == "concept"
    assert found["Fei-Fei Li"][0] == "person"
    assert found["David Baker"][0] == "person"


def test_paper_titles_as_headings_and_quoted_after_paper():
    found = _entities(
        "# Paper digest\n\n## 1. Fast Inference from Transformers via Speculative Decoding\n\n"
        "**Authors:** Yaniv Leviathan, Matan Kalman (Google Research)\n\n"
        "A small model drafts tokens for a large language model.\n\n"
        'Frankle explains his best-known paper, "The Lottery Ticket Hypothesis: Finding '
        'Sparse, Trainable Neural Networks", about pruning. He said "this is what we '
        'saw" about it.\n'
    )
    assert found["Fast Inference from Transformers via Speculative Decoding"][0] == "paper"
    title = "The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks"
    assert found[title][0] == "paper"
    assert "this is what we saw" not in found
    assert found["Matan Kalman"][0] == "person"  # an author line lists people
    assert found["Google Research"][0] == "company" and "Google" not in found


def test_sponsor_reads_places_and_people_of_organisations():
    found = _entities(
        "Episode 9\n\nThis episode is sponsored by Notion. Try Notion AI free for 30 days. "
        "Amazon invested in Anthropic, the San Francisco AI startup behind large language "
        "models. The US Federal Trade Commission is looking at AI deals. Next up: Sara "
        "Hooker of Cohere For AI, who studies machine learning.\n"
    )
    assert not {"Notion", "Notion AI"} & set(found)
    assert "San Francisco AI" not in found
    assert "Federal Trade Commission" in found and "US Federal Trade Commission" not in found
    assert "Sara Hooker of Cohere For AI" not in found


def test_versioned_model_names():
    found = _entities(
        "Models\n\nOLMo 2 is a language model. OLMo 2 7B and OLMo 2 13B Instruct beat "
        "Llama 3.1 8B on MMLU, and Ministral 8B too. Microsoft took 14 days to train its "
        "large language model (Import AI 290). AlphaFold predicts proteins; AlphaFold 2 "
        "predicted nearly all of them with deep learning.\n"
    )
    assert found["OLMo 2"][0] == "concept"
    assert {"OLMo 2 7B", "OLMo 2 13B Instruct"} <= set(found["OLMo 2"][1])
    assert found["Llama 3.1 8B"][0] == "concept" and "Ministral 8B" in found
    assert not {"Microsoft 14", "AI 290"} & set(found)
    assert "AlphaFold 2" in found["AlphaFold"][1]  # one version beside the bare name


def test_names_with_little_said_about_them():
    found = _entities(
        "Deals\n\nFrankle, chief AI scientist at Databricks, trains large language models. "
        "He says Databricks holds enterprise data for machine learning. Liquid AI, an MIT "
        "spin-off, released new foundation models. Anthropic was founded by siblings Dario "
        "and Daniela Amodei, former OpenAI researchers. Anthropic will use AWS Trainium "
        "chips for deep learning; Trainium is cheaper than a GPU. In the second stage, "
        "which we call mid-training, the learning rate falls.\n"
    )
    assert found["Databricks"][0] == "company"
    assert found["Liquid AI"][0] == "company"
    assert found["Dario Amodei"] == ("person", ["Dario"])
    assert found["Daniela Amodei"][0] == "person"
    assert found["Trainium"][0] == "concept" and "AWS Trainium" not in found
    assert found["mid-training"][0] == "concept"


def test_hyphenated_dataset_names_and_adjective_phrases():
    found = _entities(
        "Data\n\nThe first stage trains on OLMo-Mix-1124, a dataset of web pages for "
        "large language models. Raw data is noisy and raw data is cheap for machine "
        "learning.\n"
    )
    assert found["OLMo-Mix-1124"][0] == "concept"
    assert "raw data" not in found  # an adjective's phrase needs three mentions


def test_coined_names_with_hyphens_dots_and_variant_words():
    found = _entities(
        "Models\n\nThe playground runs Claude 3.7 Sonnet, GPT-4.5 and Gemini 2.0 Flash-Lite "
        "for large language model evals. o3-mini and DeepSeek-R1-Distill-Llama-70B are "
        "reasoning models for machine learning too. Claude models count tokens their own "
        "way in deep learning.\n"
    )
    names = {"Claude 3.7 Sonnet", "GPT-4.5", "Gemini 2.0 Flash-Lite", "o3-mini"}
    assert names | {"DeepSeek-R1-Distill-Llama-70B"} <= set(found)
    assert "GPT-4" not in found  # not the start of "GPT-4.5"
    assert "Claude 3.7 Sonnet" not in found["Claude"][1]  # a variant is a model of its own


def test_paper_titles_with_their_authors_or_a_subtitle():
    found = _entities(
        "# Trip report\n\n"
        "- **Generative Adversarial Nets** — Ian Goodfellow, Yoshua Bengio.\n"
        "- **Not All Tokens Are What You Need for Pretraining** (Zhenghao Lin et al.) "
        "trains a language model on useful tokens.\n"
        "The award went to **The PRISM Alignment Dataset** (Hannah Rose Kirk and colleagues "
        "at Oxford), about reinforcement learning from human feedback.\n"
        "**Guiding a Diffusion Model with a Bad Version of Itself** (Tero Karras, Timo Aila).\n"
        "1. DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement "
        "Learning (github.com/deepseek-ai)\n"
        "- **Claude 3.7 Sonnet** is available in the Playground (for large language models).\n"
    )
    papers = {t for t, (kind, _) in found.items() if kind == "paper"}
    assert papers == {
        "Generative Adversarial Nets",
        "Not All Tokens Are What You Need for Pretraining",
        "The PRISM Alignment Dataset",
        "Guiding a Diffusion Model with a Bad Version of Itself",
        "DeepSeek-R1: Incentivizing Reasoning Capability in LLMs via Reinforcement Learning",
    }
    assert "diffusion model" not in found  # named only inside a title: no note of its own
    assert "Bad Version" not in found and found["Tero Karras"][0] == "person"


def test_cues_for_people_and_companies_without_a_gazetteer():
    found = _entities(
        "Policy\n\nState senator Scott Weiner wrote a bill on large language models. "
        "Sepp Hochreiter used his talk to pitch a recurrent neural network. The authors "
        "of the deep learning paper were Ilya Sutskever, Oriol Vinyals, Quoc V. Le. "
        "ByteDance is suing an intern over a machine learning model. Mistral AI sells "
        "large language models; Mistral's co-founder said so. Aleph Alpha, once a hope in "
        "foundation models, is pivoting to deep learning services.\n"
    )
    assert found["Scott Weiner"][0] == "person"  # a title before the name
    assert found["Sepp Hochreiter"][0] == "person"  # "his" after the name
    assert found["Oriol Vinyals"][0] == "person"  # one of a list of people's names
    assert found["ByteDance"][0] == "company"  # what organisations do
    assert "Mistral" not in found and found["Mistral AI"][0] == "company"
    assert found["Aleph Alpha"][0] == "company"  # what only organisations do


def test_names_headed_by_what_they_name_and_names_that_end_longer_ones():
    found = _entities(
        "Policy\n\nThe EU AI Act binds large language models. Anthropic's Responsible "
        "Scaling Policy covers machine learning risks, as does the Center for AI Safety. "
        "Executive Order 14110 asked for reports on deep learning models. The GPAI Code "
        "of Practice is drafted for AI models; the Code of Practice is vague on AI.\n"
    )
    assert found["EU AI Act"][0] == "concept"
    assert found["Responsible Scaling Policy"][0] == "concept"
    assert found["Center for AI Safety"][0] == "company"
    assert found["Executive Order 14110"][0] == "concept"
    assert found["GPAI Code of Practice"] == ("concept", ["Code of Practice"])


def test_names_said_once_with_what_the_words_around_them_say():
    found = _entities(
        "Tools\n\nPeople ran the distilled large language model locally via Ollama. "
        "PII is redacted with Microsoft's Presidio before fine-tuning. Few had tried Devin "
        "from Cognition for code generation. Tracing now covers LangGraph for AI agents. "
        "The round was led by Thrive Capital, with Microsoft, Nvidia and SoftBank joining "
        "to fund machine learning. Speedups on Vicuna-7B and Vicuna-33B came from speculative "
        "decoding with a large language model.\n"
    )
    assert found["Ollama"][0] == "concept"  # "via X": a tool
    assert found["Presidio"][0] == "concept"  # a company's product
    assert found["Devin"][0] == "concept" and found["Cognition"][0] == "company"
    assert found["LangGraph"][0] == "concept"  # a coined name, once
    assert found["SoftBank"][0] == "company"  # listed with companies
    assert {e for e in found if e.startswith("Vicuna")} == {"Vicuna-7B"} or {
        e for e in found if e.startswith("Vicuna")
    } == {"Vicuna-33B"}  # one model, two sizes


def test_context_is_the_paragraph():
    found = _entities(
        "Data\n\nMost of our robot data comes from reinforcement learning runs. We built "
        "a rig last year. It copies one that Tony Zhao built with Chelsea Finn.\n\n"
        "Rain fell on Paris. Jean Dupont watched from a window.\n"
    )
    assert found["Tony Zhao"][0] == "person" and found["Chelsea Finn"][0] == "person"
    assert "Jean Dupont" not in found  # nothing about AI in his paragraph


def test_terms_set_off_in_bold_eponyms_and_methods_named_by_apposition():
    found = _entities(
        "Changelog\n\n- The **LLM-as-a-judge** templates were rewritten for large language "
        "models. We *never* drop them.\n"
        "- Commenters argued about the Jevons paradox: if inference gets cheaper, does "
        "demand for GPUs grow? Moravec's paradox is old news for robotics.\n"
        "- We lean on diffusion policy, the approach from a robotics group, for machine "
        "learning on robots.\n"
    )
    assert found["LLM-as-a-judge"][0] == "concept"
    assert "never" not in found
    assert found["Jevons paradox"][0] == "concept"
    assert found["Moravec's paradox"][0] == "concept"
    assert found["diffusion policy"][0] == "concept"


def test_a_speakers_label_does_not_part_two_turns():
    found = _entities(
        "Transcript\n\nPARK: What about reinforcement learning?\n\n"
        "SORENSEN: Rodney Brooks will tell you it is overrated.\n"
    )
    assert found["Rodney Brooks"][0] == "person"


def test_headings_cue_people_and_makers_prefix_their_models():
    found = _entities(
        "A conversation with Lena Sorensen, co-founder and CEO of Kestrel Robotics\n\n"
        "Kestrel trains robots with reinforcement learning. Lena Sorensen, thank you.\n\n"
        "DeepSeek trained DeepSeek-R1 with reinforcement learning. R1 beats o1-mini on math, "
        "and R1 is open for machine learning research.\n"
    )
    assert found["Lena Sorensen"][0] == "person"  # the heading says what she is
    assert found["DeepSeek-R1"] == ("concept", ["R1"])
