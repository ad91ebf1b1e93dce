/* Snippets as MSet::snippet cuts and marks them (see highlighter.h). The steps, their order and the arithmetic
 * follow Xapian 1.4.22's snippet code, so that the same passage wins and the same words are marked; the comments
 * say where that code's choices are kept on purpose. */
#include "highlighter.h"

#include <algorithm>
#include <cstdlib>
#include <deque>

#include "schema.h"
#include "snippet_words.h"

namespace nx_shim {

namespace {

/* A word's worth is divided by this while the same term is already in the window (repeats count less). */
constexpr double DECAY = 2.0;
/* Longer words are not words for the snippet (MSet::snippet's fixed limit). */
constexpr size_t MAX_WORD_BYTES = 64;
constexpr size_t MAX_SEEN = 8192;
constexpr char STEMMED_PREFIX = 'Z';

size_t pair_of(char first, char second)
{
    return static_cast<size_t>(static_cast<unsigned char>(first)) << 8 | static_cast<unsigned char>(second);
}

/* text[from, to) with &, < and > escaped for HTML. */
void append_escaped(const std::string &text, size_t from, size_t to, std::string &out)
{
    size_t run = from;
    for (size_t i = from; i < to; i++) {
        const char *entity;
        switch (text[i]) {
        case '&': entity = "&amp;"; break;
        case '<': entity = "&lt;"; break;
        case '>': entity = "&gt;"; break;
        default: continue;
        }
        out.append(text, run, i - run);
        out += entity;
        run = i + 1;
    }
    out.append(text, run, to - run);
}

bool ends_sentence(unsigned ch)
{
    return ch == '.' || ch == '?' || ch == '!';
}

/* A phrase whose words must stand next to each other in order, each word a term: MSet::snippet marks only
 * those as phrases (others count word by word). */
bool tight_phrase_of_terms(const Xapian::Query &phrase)
{
    std::vector<Xapian::Query> words;
    for (size_t i = 0; i < phrase.get_num_subqueries(); i++) {
        words.push_back(phrase.get_subquery(i));
        if (words.back().get_type() != Xapian::Query::LEAF_TERM)
            return false;
    }
    /* The window is not public; a phrase rebuilt with the tightest window describes itself the same way. */
    const Xapian::Query tight(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                              static_cast<Xapian::termcount>(words.size()));
    return tight.get_description() == phrase.get_description();
}

std::string term_of(const Xapian::Query &leaf)
{
    const auto it = leaf.get_terms_begin();
    return it == leaf.get_terms_end() ? std::string() : *it;
}

} // namespace

struct Highlighter::piece {
    double *worth; /* into the highlighter's worths; null for a word worth nothing */
    size_t end;    /* byte after the word; the piece is the text from the previous piece's end */
    size_t marks;  /* words the mark opened here spans (a phrase's length), 0 for none */
};

/* The sliding window over a text's words and the best window seen (MSet::snippet's "pipe"). */
class Highlighter::Window {
  public:
    /* One byte more than asked, for the space between words (as MSet::snippet allows). */
    explicit Window(size_t length) : length_(length + 1) {}

    bool add(double *worth, size_t end, size_t marks, bool exhaustive);
    void finish();
    bool emit(const std::string &text, const std::string &open, const std::string &close, const std::string &omit,
              std::string &out);

  private:
    void peg_phrase(double *worth, size_t marks);
    void shrink(size_t end);
    void open_passage(const std::string &text, const piece &word, const std::string &omit, std::string &out);
    void close_passage(const std::string &text, const std::string &omit, std::string &out) const;

    std::deque<piece> now_, best_;
    size_t length_;
    size_t begin_ = 0; /* where the window's text starts */
    double sum_ = 0;
    size_t marking_ = 0; /* words left in the open mark */
    size_t best_begin_ = 0, best_end_ = 0;
    double best_sum_ = 0;
};

/* The last word of a phrase entered: the phrase's worth goes onto its first word, to leave with it. */
void Highlighter::Window::peg_phrase(double *worth, size_t marks)
{
    if (now_.size() < marks - 1)
        return;
    piece &first = now_[now_.size() - (marks - 1)];
    if (first.worth) {
        *first.worth *= DECAY;
        sum_ -= *first.worth;
    }
    sum_ += *worth;
    first.worth = worth;
    first.marks = marks;
    *worth /= DECAY;
}

/* Drops words from the window's start until it is no longer than asked. */
void Highlighter::Window::shrink(size_t end)
{
    while (end - begin_ > length_) {
        const piece &word = now_.front();
        if (word.worth) {
            *word.worth *= DECAY;
            sum_ -= *word.worth;
        }
        begin_ = word.end;
        if (best_end_ >= begin_)
            best_.push_back(word);
        now_.pop_front();
        if (now_.empty())
            break;
    }
}

/* False when the search may stop (not exhaustive, something found and left behind). */
bool Highlighter::Window::add(double *worth, size_t end, size_t marks, bool exhaustive)
{
    if (marks > 1) {
        peg_phrase(worth, marks);
        worth = nullptr;
        marks = 0;
    }
    now_.push_back(piece{worth, end, marks});
    if (worth) {
        sum_ += *worth;
        *worth /= DECAY;
    }
    shrink(end);
    /* >= rather than >: a later window as good as the best moves past words worth nothing. */
    if (sum_ >= best_sum_) {
        if (begin_ >= best_end_) {
            best_.clear();
        } else {
            while (!best_.empty() && best_.front().end <= begin_)
                best_.pop_front();
        }
        best_sum_ = sum_;
        best_begin_ = begin_;
        best_end_ = end;
    } else if (!exhaustive && best_sum_ > 0 && best_end_ < begin_) {
        return false;
    }
    return true;
}

/* The words after the best window's end are not part of the passage. */
void Highlighter::Window::finish()
{
    if (begin_ >= best_end_) {
        now_.clear();
        return;
    }
    while (!now_.empty() && now_.back().end > best_end_)
        now_.pop_back();
}

/* The passage starts at its first word, with up to four leading punctuation characters that carry meaning;
 * an omission mark first unless it starts the text or a sentence. */
void Highlighter::Window::open_passage(const std::string &text, const piece &word, const std::string &omit,
                                       std::string &out)
{
    enum { NO, PUNCTUATION, YES } sentence = best_begin_ == 0 ? YES : NO;
    size_t at = best_begin_, next;
    while (at < word.end) {
        const unsigned ch = char_at(text, at, next);
        if (sentence == NO && ends_sentence(ch))
            sentence = PUNCTUATION;
        else if (sentence == PUNCTUATION && !ends_sentence(ch))
            sentence = is_white_space(ch) ? YES : NO;
        if (is_word_char(ch)) {
            if (at - best_begin_ > 4)
                best_begin_ = at;
            break;
        }
        at = next;
        if (!leads_a_snippet(ch))
            best_begin_ = at;
    }
    if (sentence != YES)
        out += omit;
}

/* After the passage: the sentence's closing punctuation, or up to four trailing characters that carry meaning
 * and an omission mark, unless the text ends there. */
void Highlighter::Window::close_passage(const std::string &text, const std::string &omit, std::string &out) const
{
    const size_t n = text.size();
    if (best_end_ == n)
        return;
    bool sentence_end = false;
    size_t at = best_end_, next;
    while (at < n) {
        const unsigned ch = char_at(text, at, next);
        if (sentence_end && is_white_space(ch))
            break;
        sentence_end = ends_sentence(ch);
        if (is_word_char(ch))
            break;
        at = next;
    }
    if (sentence_end) {
        append_escaped(text, best_end_, at, out);
        return;
    }
    at = best_end_;
    int trailing = 0;
    while (at < n && trails_a_snippet(char_at(text, at, next))) {
        if (++trailing > 4) {
            trailing = 0;
            break;
        }
        at = next;
    }
    if (trailing) {
        append_escaped(text, best_end_, at, out);
        if (at >= n)
            return;
    }
    out += omit;
}

/* Appends the next word of the best window (and what precedes it); false when the passage is complete. */
bool Highlighter::Window::emit(const std::string &text, const std::string &open, const std::string &close,
                               const std::string &omit, std::string &out)
{
    if (best_.empty() && !now_.empty())
        std::swap(best_, now_);
    if (best_.empty()) {
        close_passage(text, omit, out);
        return false;
    }
    const piece word = best_.front();
    if (out.empty())
        open_passage(text, word, omit, out);
    if (word.marks) {
        /* The mark starts at the word, not at the punctuation before it. */
        size_t at = best_begin_, next;
        while (at < text.size() && !is_word_char(char_at(text, at, next)))
            at = next;
        if (at < text.size()) {
            append_escaped(text, best_begin_, at, out);
            best_begin_ = at;
        }
    }
    if (!marking_) {
        marking_ = word.marks;
        if (marking_)
            out += open;
    }
    append_escaped(text, best_begin_, word.end, out);
    best_begin_ = word.end;
    if (marking_ && --marking_ == 0)
        out += close;
    best_.pop_front();
    return true;
}

Highlighter::Highlighter(const Xapian::MSet &mset, const Xapian::Query &query, StemCache *stems)
    : mset_(mset), query_(query), stems_(stems ? stems : &own_stems_)
{
    /* Xapian reads this variable on every snippet; its n-gram words are not followed here. */
    if (getenv("XAPIAN_CJK_NGRAM") != nullptr)
        follow_ = false;
    gather(query);
    if (follow_)
        weigh();
}

/* The terms and tight phrases of the query, in its order (wildcards are not followed). */
void Highlighter::gather(const Xapian::Query &query)
{
    const Xapian::Query::op op = query.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
        add_term(term_of(query));
        return;
    }
    if (op == Xapian::Query::OP_WILDCARD) {
        follow_ = false;
        return;
    }
    if (op == Xapian::Query::OP_PHRASE && tight_phrase_of_terms(query)) {
        add_phrase(query);
        return;
    }
    for (size_t i = 0; i < query.get_num_subqueries(); i++)
        gather(query.get_subquery(i));
}

void Highlighter::add_term(const std::string &term)
{
    if (term.empty() || slots_.count(term))
        return;
    slots_.emplace(term, static_cast<int>(terms_.size()));
    terms_.push_back(term);
}

void Highlighter::add_phrase(const Xapian::Query &phrase)
{
    std::vector<std::string> words;
    for (size_t i = 0; i < phrase.get_num_subqueries(); i++)
        words.push_back(term_of(phrase.get_subquery(i)));
    longest_phrase_ = std::max(longest_phrase_, words.size());
    phrases_.push_back(std::move(words));
}

/* Each term's worth: its weight in the match set plus the largest weight of any term of the query, that
 * largest scaled by 1 + 1/64 so that terms of weight 0 still count (both as MSet::snippet has them). */
void Highlighter::weigh()
{
    double largest = 0;
    bool found = false;
    try {
        /* In the order of the match set's statistics (sorted terms): the first weight that is not 0, then any
         * larger one. */
        for (auto it = query_.get_unique_terms_begin(); it != query_.get_unique_terms_end(); ++it) {
            double weight;
            try {
                weight = mset_.get_termweight(*it);
            } catch (const Xapian::InvalidArgumentError &) {
                continue;
            }
            if (!found && weight != 0.0) {
                found = true;
                largest = weight;
            } else if (found && weight > largest) {
                largest = weight;
            }
        }
    } catch (const Xapian::InvalidOperationError &) {
        follow_ = false; /* no statistics: MSet::snippet marks nothing then */
        return;
    }
    top_weight_ = largest == 0.0 ? 1.0 : largest * 1.015625;
    std::unordered_map<std::string, int> weighed;
    for (const std::string &term : terms_) {
        double weight;
        try {
            weight = mset_.get_termweight(term);
        } catch (const Xapian::InvalidArgumentError &) {
            continue; /* a term the match set has no weight for is never marked */
        }
        weighed.emplace(term, static_cast<int>(base_.size()));
        base_.push_back(weight + top_weight_);
        const bool stemmed = term[0] == STEMMED_PREFIX;
        const size_t from = stemmed ? 1 : 0, size = term.size() - from;
        if (size == 0)
            every_word_ = true;
        else if (size == 1)
            first_byte_.set(static_cast<unsigned char>(term[from]));
        else
            first_pair_.set(pair_of(term[from], term[from + 1]));
    }
    slots_ = std::move(weighed);
    terms_.clear();
    if (longest_phrase_ == 1)
        follow_ = false; /* cannot be built; MSet::snippet's ring of previous words would be empty */
}

/* The word could equal an unstemmed term or stem to a stemmed one: the English stemmer keeps a word's first
 * two bytes (its only byte), which tests/unit/test_snippets.cc checks on every word of this repository. */
bool Highlighter::could_match(const std::string &word) const
{
    return every_word_ || first_byte_.test(static_cast<unsigned char>(word[0])) ||
           (word.size() >= 2 && first_pair_.test(pair_of(word[0], word[1])));
}

/* The slot of the term the word is (unstemmed first, then "Z" + its stem), -1 for none; once per word. */
int Highlighter::slot_of(const std::string &word)
{
    const auto seen = seen_.find(word);
    if (seen != seen_.end())
        return seen->second;
    int slot = -1;
    auto found = slots_.find(word);
    if (found == slots_.end())
        found = slots_.find(STEMMED_PREFIX + stems_->stem(word));
    if (found != slots_.end())
        slot = found->second;
    if (seen_.size() < MAX_SEEN)
        seen_.emplace(word, slot);
    return slot;
}

/* What the word adds to a window, null for nothing; `marks` the words its mark spans (0: unmarked). A phrase
 * is looked for first, in the query's order. The previous words are compared from the oldest remembered one,
 * so a phrase shorter than the longest is matched against the words before the ones right before it: that
 * is MSet::snippet's reading, kept so that the marks are the same. */
double *Highlighter::worth(const std::string &word, size_t &marks)
{
    marks = 0;
    for (size_t i = 0; i < phrases_.size(); i++) {
        const std::vector<std::string> &words = phrases_[i];
        if (word != words.back())
            continue;
        bool match = true;
        for (size_t n = words.size() - 1; n-- > 0;) {
            if (words[n] != previous_[(n + previous_next_) % (longest_phrase_ - 1)]) {
                match = false;
                break;
            }
        }
        if (match) {
            marks = words.size();
            return &phrase_worth_[i];
        }
    }
    if (!could_match(word))
        return nullptr;
    const int slot = slot_of(word);
    if (slot < 0)
        return nullptr;
    marks = 1;
    return &worth_[static_cast<size_t>(slot)];
}

void Highlighter::remember(const std::string &word)
{
    previous_[previous_next_] = word;
    previous_next_ = (previous_next_ + 1) % (longest_phrase_ - 1);
}

std::string Highlighter::operator()(const std::string &text, size_t length, unsigned flags, const std::string &open,
                                    const std::string &close, const std::string &omit)
{
    if (!follow_) {
        if (english_.is_none())
            english_ = schema_stemmer();
        return mset_.snippet(text, length, english_, flags, open, close, omit);
    }
    if (open.empty() && close.empty() && text.size() <= length)
        return text;
    worth_ = base_;
    phrase_worth_.clear();
    for (const auto &phrase : phrases_)
        phrase_worth_.push_back(top_weight_ * static_cast<double>(phrase.size()));
    if (longest_phrase_)
        previous_.assign(longest_phrase_ - 1, std::string());
    previous_next_ = 0;

    Window window(length);
    SnippetWords words(text);
    std::string out, word;
    out.reserve(length + 64);
    size_t end;
    bool matched = false;
    const bool exhaustive = flags & Xapian::MSet::SNIPPET_EXHAUSTIVE;
    while (words.next(word, end)) {
        if (word.size() > MAX_WORD_BYTES)
            continue;
        size_t marks;
        double *worth = this->worth(word, marks);
        if (longest_phrase_)
            remember(word);
        matched = matched || marks;
        if (!window.add(worth, end, marks, exhaustive))
            break;
    }
    window.finish();
    if (matched || !(flags & Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH))
        while (window.emit(text, open, close, omit, out)) {
        }
    return out;
}

} // namespace nx_shim
