#pragma once

// Item models of the saved history for views: the conversation list and search hits. Plain
// QAbstractListModels (no widgets); History fills them, the window shows them.

#include "core/history/conversationstore.h"

#include <QAbstractListModel>
#include <QList>
#include <QSet>

namespace squint {

/// Conversations by last activity, newest first. Editing a title (Qt::EditRole) asks for a rename
/// with renameRequested(); the row shows the new title at once.
class ConversationListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConversationListModel)
public:
    enum Role { IdRole = Qt::UserRole + 1, UpdatedRole, TurnCountRole };

    explicit ConversationListModel(QObject *parent = nullptr);

    /// Replaces the rows, keeping the ones whose id is in `hidden` out (deleted, waiting for undo).
    void setConversations(const QList<ConversationSummary> &conversations);
    void setHidden(const QSet<qint64> &hidden);
    /// Row of conversation `id`, -1 when not listed.
    int rowOf(qint64 id) const;
    qint64 idAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    void renameRequested(qint64 id, const QString &title);

private:
    void rebuild();
    QList<ConversationSummary> m_all;
    QList<ConversationSummary> m_rows;
    QSet<qint64> m_hidden;
};

/// Search hits, best first. DisplayRole is the snippet as plain text, HtmlRole with the matches in
/// <b></b> (escaped), TitleRole the conversation's title.
class SearchHitModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SearchHitModel)
public:
    enum Role { ConversationIdRole = Qt::UserRole + 1, PositionRole, HtmlRole, TitleRole };

    explicit SearchHitModel(QObject *parent = nullptr);
    void setHits(const QString &query, const QList<SearchHit> &hits);
    QString query() const { return m_query; }
    SearchHit hitAt(int row) const { return m_hits.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    QString m_query;
    QList<SearchHit> m_hits;
};

} // namespace squint
