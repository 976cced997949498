#include "core/chat/conversation.h"

#include "core/util/enumnames.h"

namespace squint {

Conversation::Conversation(QObject *parent)
    : QObject(parent)
{
}

int Conversation::indexOf(quint64 id) const
{
    for (int i = 0; i < m_turns.size(); ++i)
        if (m_turns.at(i).id == id)
            return i;
    return -1;
}

const Turn *Conversation::byId(quint64 id) const
{
    const int i = indexOf(id);
    return i < 0 ? nullptr : &m_turns.at(i);
}

void Conversation::setTitle(const QString &title)
{
    if (title == m_title)
        return;
    m_title = title;
    emit titleChanged(m_title);
}

int Conversation::append(Turn turn)
{
    turn.id = m_nextId++;
    m_turns.append(std::move(turn));
    const int index = int(m_turns.size()) - 1;
    if (m_title.isEmpty())
        setTitle(titleFromPrompt(m_turns.last().prompt));
    emit turnAdded(index);
    if (!m_turns.last().images.isEmpty())
        emit contextChanged();
    return index;
}

void Conversation::update(int index, const Turn &turn)
{
    if (index < 0 || index >= m_turns.size())
        return;
    const bool contextBefore = m_turns.at(index).isContext();
    m_turns[index] = turn;
    emit turnChanged(index);
    if (contextBefore != turn.isContext())
        emit contextChanged();
}

void Conversation::appendAnswer(int index, const QString &text)
{
    if (index < 0 || index >= m_turns.size() || text.isEmpty())
        return;
    Turn &t = m_turns[index];
    t.answer += text;
    const bool stateChanged = t.state != Turn::State::Streaming;
    t.state = Turn::State::Streaming;
    t.status.clear();
    if (stateChanged)
        emit turnChanged(index);
    emit answerAppended(index, text);
}

void Conversation::setStatus(int index, const QString &status)
{
    if (index < 0 || index >= m_turns.size() || m_turns.at(index).status == status)
        return;
    m_turns[index].status = status;
    emit turnChanged(index);
}

void Conversation::setImagesInContext(int index, bool include)
{
    if (index < 0 || index >= m_turns.size() || m_turns.at(index).imagesInContext == include)
        return;
    m_turns[index].imagesInContext = include;
    emit turnChanged(index);
    emit contextChanged();
}

void Conversation::truncate(int index)
{
    if (index < 0 || index >= m_turns.size())
        return;
    m_turns.erase(m_turns.begin() + index, m_turns.end());
    emit turnsRemoved(index);
    emit contextChanged();
}

void Conversation::replace(const QString &title, const ChatParameters &parameters, QList<Turn> turns)
{
    for (Turn &t : turns)
        t.id = m_nextId++;
    m_turns = std::move(turns);
    m_parameters = parameters;
    m_title = title;
    emit replaced();
    emit titleChanged(m_title);
    emit contextChanged();
}

void Conversation::setThumbnails(const QHash<QByteArray, QImage> &thumbnails,
                                 const std::function<QByteArray(const TurnImage &)> &key)
{
    for (int i = 0; i < m_turns.size(); ++i) {
        bool changed = false;
        for (TurnImage &img : m_turns[i].images) {
            if (!img.thumbnail.isNull())
                continue;
            const auto it = thumbnails.constFind(key(img));
            if (it != thumbnails.constEnd() && !it->isNull()) {
                img.thumbnail = *it;
                changed = true;
            }
        }
        if (changed)
            emit thumbnailsChanged(i);
    }
}

void Conversation::clear()
{
    const bool had = !m_turns.isEmpty();
    m_turns.clear();
    setTitle(QString());
    if (had) {
        emit turnsRemoved(0);
        emit contextChanged();
    }
}

QList<BodyMessage> Conversation::contextBefore(int index) const
{
    QList<BodyMessage> out;
    const int end = std::min<int>(index, int(m_turns.size()));
    for (int i = 0; i < end; ++i) {
        const Turn &t = m_turns.at(i);
        if (!t.isContext())
            continue;
        out << userMessage(t, t.imagesInContext);
        BodyMessage answer;
        answer.role = QStringLiteral("assistant");
        answer.text = t.answer;
        out << answer;
    }
    return out;
}

int Conversation::contextImageTokens(int index) const
{
    int n = 0;
    const int end = std::min<int>(index, int(m_turns.size()));
    for (int i = 0; i < end; ++i) {
        const Turn &t = m_turns.at(i);
        if (t.isContext() && t.imagesInContext)
            for (const TurnImage &img : t.images)
                n += img.tokens;
    }
    return n;
}

namespace {
constexpr EnumName<Turn::State> TurnStateNames[] = {
    {Turn::State::Pending, u"pending"},
    {Turn::State::Streaming, u"streaming"},
    {Turn::State::Done, u"done"},
    {Turn::State::Stopped, u"stopped"},
    {Turn::State::Failed, u"failed"},
};
} // namespace

QString turnStateName(Turn::State state)
{
    return nameOf(TurnStateNames, state);
}

std::optional<Turn::State> turnStateFromName(QStringView name)
{
    return valueOf(TurnStateNames, name);
}

BodyMessage userMessage(const Turn &turn, bool withImages)
{
    BodyMessage m;
    m.role = QStringLiteral("user");
    m.text = turn.prompt;
    if (withImages) {
        for (const TurnImage &img : turn.images) {
            BodyImage b;
            if (turn.labelImages)
                b.label = imageLabel(int(m.images.size()) + 1);
            b.mime = img.mime;
            b.size = img.sentBytes;
            b.path = img.sentPath;
            b.data = img.data;
            m.images << b;
        }
    }
    return m;
}

QString titleFromPrompt(const QString &prompt)
{
    QString line = prompt.trimmed().section(QLatin1Char('\n'), 0, 0).simplified();
    constexpr int Max = 60;
    if (line.size() <= Max)
        return line;
    int cut = line.lastIndexOf(QLatin1Char(' '), Max);
    if (cut < Max / 2)
        cut = Max;
    return line.left(cut).trimmed() + QStringLiteral("…");
}

} // namespace squint
