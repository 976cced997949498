#include <QtTest>

class TstSse : public QObject
{
    Q_OBJECT
private slots:
    void placeholder() { QSKIP("not written yet"); }
};

QTEST_GUILESS_MAIN(TstSse)
#include "tst_sse.moc"
