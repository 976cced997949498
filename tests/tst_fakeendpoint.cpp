#include <QtTest>

class TstFakeendpoint : public QObject
{
    Q_OBJECT
private slots:
    void placeholder() { QSKIP("not written yet"); }
};

QTEST_GUILESS_MAIN(TstFakeendpoint)
#include "tst_fakeendpoint.moc"
