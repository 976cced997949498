#include <QtTest>

class TstChatprotocol : public QObject
{
    Q_OBJECT
private slots:
    void placeholder() { QSKIP("not written yet"); }
};

QTEST_GUILESS_MAIN(TstChatprotocol)
#include "tst_chatprotocol.moc"
