#pragma once

#include <QTest>

// Runs a helper that checks things (QVERIFY, QCOMPARE inside it) and stops the calling test when the
// helper failed, since a QVERIFY in a helper only returns from the helper.
#define CHECKED(call)                   \
    do {                                \
        call;                           \
        if (QTest::currentTestFailed()) \
            return;                     \
    } while (false)
