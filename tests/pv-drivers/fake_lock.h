/*
 * fake_lock.h - one lock around each entry point of a fake (fake_xs.c,
 * fake_xen.c), so that a daemon's two threads and a test may call in at
 * once (test_hand.c): FAKE_GUARD(lock) at the top of a function holds the
 * (recursive) lock until it returns, whichever return that is.
 */
#ifndef XYL_FAKE_LOCK_H
#define XYL_FAKE_LOCK_H

#include <pthread.h>

static inline void fake_unlock(pthread_mutex_t **held)
{
    pthread_mutex_unlock(*held);
}

#define FAKE_GUARD(lock) \
    pthread_mutex_t *fake_held_ __attribute__((cleanup(fake_unlock), unused)) = \
        (pthread_mutex_lock(&(lock)), &(lock))

#endif
